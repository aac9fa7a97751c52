import type { AttachmentDownloader } from '../app/filing-sources';

/**
 * Downloads a Teams file attachment from the short-lived URL Teams puts in its `content.downloadUrl`, for
 * "File to case". Only https URLs on SharePoint and OneDrive hosts are fetched (where Teams keeps files), so
 * a crafted payload cannot make the service fetch from anywhere else; redirects are followed by hand and
 * checked the same way. The body is read up to the size limit and no further, within a time limit.
 *
 * `allowLoopbackHttp` (local mode and tests only) also allows `http://127.0.0.1` and `http://localhost`, where
 * the local playground and the tests serve files.
 */

export interface AttachmentDownloadOptions {
  allowLoopbackHttp?: boolean | undefined;
  /** Hosts allowed besides SharePoint's (exact names, lower case). */
  extraHosts?: readonly string[] | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/** SharePoint Online and OneDrive for Business, in the commercial and national clouds. */
const SHAREPOINT_HOST =
  /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(sharepoint\.com|sharepoint\.us|sharepoint-mil\.us|sharepoint\.de|sharepoint\.cn)$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 3;

export class AttachmentDownloadError extends Error {
  constructor(
    readonly reason: 'not-allowed' | 'too-large' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentDownloadError';
  }
}

export const isAllowedAttachmentUrl = (raw: string, options: AttachmentDownloadOptions = {}): boolean => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'http:') return options.allowLoopbackHttp === true && LOOPBACK_HOSTS.has(host);
  if (url.protocol !== 'https:') return false;
  if (options.allowLoopbackHttp === true && LOOPBACK_HOSTS.has(host)) return true;
  return SHAREPOINT_HOST.test(host) || (options.extraHosts ?? []).includes(host);
};

export const makeAttachmentDownloader = (options: AttachmentDownloadOptions = {}): AttachmentDownloader => {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;

  return async (start, maxBytes) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (!isAllowedAttachmentUrl(url, options))
        throw new AttachmentDownloadError(
          'not-allowed',
          'The attachment is not on a host files are fetched from.',
        );
      const response = await doFetch(url, { redirect: 'manual', signal });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location)
          throw new AttachmentDownloadError('failed', `Redirect ${response.status} without a location.`);
        url = new URL(location, url).toString();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AttachmentDownloadError(
          'failed',
          `The attachment could not be fetched (${response.status}).`,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel();
        throw new AttachmentDownloadError('too-large', 'The attachment is larger than the service accepts.');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            throw new AttachmentDownloadError(
              'too-large',
              'The attachment is larger than the service accepts.',
            );
          }
          chunks.push(Buffer.from(value));
        }
      }
      const type = response.headers.get('content-type');
      return {
        content: Buffer.concat(chunks, size),
        contentType: type ? (type.split(';')[0] ?? '').trim() || null : null,
      };
    }
    throw new AttachmentDownloadError('failed', 'Too many redirects.');
  };
};
