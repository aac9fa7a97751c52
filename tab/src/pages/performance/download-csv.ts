/**
 * Saves `csv` as a file through the browser's download. A byte-order mark comes first so that Excel opens
 * the file as UTF-8 (names such as "Members’ Hub" keep their apostrophe).
 */
export const downloadCsv = (fileName: string, csv: string): void => {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click is handled; keeping the URL would hold the data in memory.
  setTimeout(() => URL.revokeObjectURL(url), 0);
};
