import { useEffect, useState } from 'react';

/**
 * Saves `blob` as a file called `name`, the way a browser downloads a link. The blob: URL lives only long
 * enough for the browser to start the download.
 */
export const saveBlob = (blob: Blob, name: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has the blob once it starts; the URL is no longer needed after that.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** A blob: URL for `blob` while the component shows it, revoked when the blob changes or the component goes. */
export const useObjectUrl = (blob: Blob | null): string | null => {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
};
