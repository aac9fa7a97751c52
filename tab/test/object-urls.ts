/**
 * jsdom has no `URL.createObjectURL`: this is the browser's plain behaviour, in memory, so tests can see
 * which blob: URLs the tab made, what each holds, and that it revoked them.
 */
const urls = new Map<string, Blob>();
const revoked = new Set<string>();
let counter = 0;

export const installObjectUrls = (): void => {
  URL.createObjectURL = (object: Blob | MediaSource) => {
    counter += 1;
    const url = `blob:http://127.0.0.1/object-${counter}`;
    urls.set(url, object as Blob);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    if (urls.delete(url)) revoked.add(url);
  };
};

export const objectUrls = {
  /** The blob a live blob: URL stands for. */
  blob: (url: string): Blob | undefined => urls.get(url),
  live: (): string[] => [...urls.keys()],
  wasRevoked: (url: string): boolean => revoked.has(url),
};
