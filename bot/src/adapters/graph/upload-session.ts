import type { ContentSource } from '../../app/document-store';
import { DocumentStoreError } from '../../app/document-store';
import { abortError, type GraphClient } from './graph-client';

/**
 * A resumable upload (https://learn.microsoft.com/graph/api/driveitem-createuploadsession): the session is
 * created with conflictBehavior `fail`, then chunks go up in order, each a PUT to the upload URL with
 * `Content-Range` and no Authorization header (the URL is the credential; a token "may result in an HTTP 401").
 *
 * Faults:
 * - 429/503 on a chunk: waited out (Retry-After) by the client and the same chunk sent again.
 * - no answer (dropped connection, timeout), 5xx, 416: the chunk may or may not have arrived, so the session is
 *   asked where it stands (GET upload URL → `nextExpectedRanges`) and the upload carries on from there.
 * - 404 (the session expired or is gone): a new session from the start. If the last chunk had in fact been
 *   committed, the new session meets the file at commit (409), and the caller recognises its own content.
 * - 409 at commit: a file of that name appeared; reported as `name-conflict` for the caller to decide.
 * Given up or aborted: the session is cancelled (DELETE), so no partial upload lingers until it expires.
 */

/** Graph's rule: every chunk but the last is a multiple of 320 KiB. */
export const CHUNK_UNIT = 327_680;

export interface LargeUploadOptions {
  graph: GraphClient;
  /** `POST` here creates the session: `/drives/{d}/items/{folder}:/{encoded name}:/createUploadSession`. */
  createSessionUrl: string;
  content: ContentSource;
  chunkBytes: number;
  onProgress?: ((bytesStored: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** How long one chunk may take to be answered; default the client's timeout. */
  chunkTimeoutMs?: number | undefined;
  /** Consecutive failed attempts (no progress) before giving up; default 6. */
  maxStalls?: number | undefined;
  /** New sessions after the first; default 3. */
  maxRestarts?: number | undefined;
  /**
   * Asked when a session vanished after a chunk whose answer was lost (it may have committed the file):
   * the file, if it is there with our content. Saves uploading it all again to meet 409 at the end.
   */
  committedAlready?: (() => Promise<unknown>) | undefined;
}

export interface LargeUploadResult<T> {
  item: T;
  /** True when a fault left it unclear whether an earlier attempt had already committed the file. */
  uncertain: boolean;
}

/** Thrown when a session ends in 409 at commit; `uncertain` says whether an earlier commit may have been ours. */
export class UploadNameConflict extends DocumentStoreError {
  constructor(
    readonly uncertain: boolean,
    cause: DocumentStoreError,
  ) {
    super('name-conflict', cause.message, { ...cause.details, cause });
  }
}

class SessionGone extends Error {
  constructor() {
    super('upload session gone');
  }
}

/** The first byte the session still wants, from `nextExpectedRanges` ("26-" or "26-127"). */
export const nextExpectedStart = (ranges: unknown): number | null => {
  if (!Array.isArray(ranges) || ranges.length === 0) return null;
  const starts = ranges
    .map((r) => (typeof r === 'string' ? /^\s*(\d+)\s*-/.exec(r) : null))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  return starts.length === 0 ? null : Math.min(...starts);
};

interface SessionStatus {
  nextExpectedRanges?: string[];
}

export const uploadLarge = async <T>(options: LargeUploadOptions): Promise<LargeUploadResult<T>> => {
  const { graph, createSessionUrl, content, chunkBytes, signal } = options;
  if (chunkBytes <= 0 || chunkBytes % CHUNK_UNIT !== 0) {
    throw new Error(`Upload chunks must be a multiple of ${CHUNK_UNIT} bytes.`);
  }
  const maxStalls = options.maxStalls ?? 6;
  const maxRestarts = options.maxRestarts ?? 3;
  const size = content.size;
  let uncertain = false;

  for (let restart = 0; ; restart += 1) {
    if (signal?.aborted) throw abortError(signal);
    let session: { uploadUrl: string };
    try {
      session = (
        await graph.request<{ uploadUrl: string }>({
          method: 'POST',
          url: createSessionUrl,
          // `fileSize` lets the library refuse a file it has no room for now, before any chunk is sent
          // (driveItemUploadableProperties.fileSize, https://learn.microsoft.com/graph/api/driveitem-createuploadsession).
          json: { item: { '@microsoft.graph.conflictBehavior': 'fail', fileSize: size } },
          // A second session after a lost answer is harmless: the first expires unused.
          idempotent: true,
          signal,
          operation: 'createUploadSession',
        })
      ).body;
    } catch (error) {
      if (error instanceof DocumentStoreError && error.code === 'name-conflict') {
        throw new UploadNameConflict(uncertain, error);
      }
      throw error;
    }
    const uploadUrl = session.uploadUrl;
    let finished = false;
    try {
      const item = await sendChunks<T>(graph, uploadUrl, options, maxStalls, () => {
        uncertain = true;
      });
      finished = true;
      return { item, uncertain };
    } catch (error) {
      if (error instanceof SessionGone) {
        finished = true;
        if (uncertain && options.committedAlready !== undefined) {
          const item = await options.committedAlready();
          if (item !== null && item !== undefined) return { item: item as T, uncertain };
        }
        if (restart >= maxRestarts) {
          throw new DocumentStoreError('unavailable', 'The upload session kept expiring; gave up.', {
            storeCode: 'itemNotFound',
          });
        }
        continue;
      }
      if (error instanceof DocumentStoreError && error.code === 'name-conflict') {
        finished = true;
        throw new UploadNameConflict(uncertain, error);
      }
      throw error;
    } finally {
      if (!finished) await cancel(graph, uploadUrl);
    }
  }

  async function sendChunks<R>(
    client: GraphClient,
    uploadUrl: string,
    opts: LargeUploadOptions,
    stalls: number,
    markUncertain: () => void,
  ): Promise<R> {
    let offset = 0;
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const end = Math.min(offset + chunkBytes, size);
      const bytes = await content.slice(offset, end);
      let outcome: { status: number; body: unknown } | 'unknown';
      try {
        const response = await client.request({
          method: 'PUT',
          url: uploadUrl,
          auth: 'none',
          bytes,
          headers: {
            'Content-Range': `bytes ${offset}-${end - 1}/${size}`,
            'Content-Type': 'application/octet-stream',
          },
          retry: 'throttle',
          accept: [404, 416],
          timeoutMs: opts.chunkTimeoutMs,
          signal,
          operation: 'upload chunk',
        });
        outcome = { status: response.status, body: response.body };
      } catch (error) {
        // No answer or a 5xx: unknown. A range the session did not expect: it knows better where we are.
        const resync =
          error instanceof DocumentStoreError &&
          (error.code === 'unavailable' ||
            (error.details.status === 400 && error.details.storeCode === 'invalidRange'));
        if (!resync) throw error;
        outcome = 'unknown';
      }

      if (outcome !== 'unknown' && (outcome.status === 200 || outcome.status === 201))
        return outcome.body as R;
      if (outcome !== 'unknown' && outcome.status === 202) {
        const next = nextExpectedStart((outcome.body as SessionStatus | undefined)?.nextExpectedRanges);
        offset = next ?? end;
        failures = 0;
        opts.onProgress?.(offset);
        continue;
      }
      if (outcome !== 'unknown' && outcome.status === 404) {
        // Gone: expired, or committed by a chunk whose answer was lost before.
        if (failures > 0 || end === size) markUncertain();
        throw new SessionGone();
      }
      // No answer, 416 or a 5xx: where does the session stand?
      failures += 1;
      if (end === size) markUncertain();
      if (failures > stalls) {
        throw new DocumentStoreError('unavailable', `The upload made no progress after ${stalls} attempts.`);
      }
      const status = await sessionStatus(client);
      if (status === null) {
        markUncertain();
        throw new SessionGone();
      }
      const next = nextExpectedStart(status.nextExpectedRanges);
      // No ranges left (all bytes there) but no item: resend the last chunk to commit.
      offset = next ?? Math.max(0, size - ((size - 1) % chunkBytes) - 1);
      opts.onProgress?.(offset);
    }

    async function sessionStatus(graphClient: GraphClient): Promise<SessionStatus | null> {
      const response = await graphClient.request<SessionStatus>({
        method: 'GET',
        url: uploadUrl,
        auth: 'none',
        accept: [404],
        signal,
        operation: 'upload status',
      });
      return response.status === 404 ? null : (response.body ?? {});
    }
  }
};

/** Cancels a session that will not be finished; failures are ignored (it expires anyway). */
const cancel = async (graph: GraphClient, uploadUrl: string): Promise<void> => {
  try {
    await graph.request({
      method: 'DELETE',
      url: uploadUrl,
      auth: 'none',
      accept: [404],
      response: 'none',
      retry: 'none',
      timeoutMs: 10_000,
      operation: 'cancel upload',
    });
  } catch {
    // The session expires by itself.
  }
};
