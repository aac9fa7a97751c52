import type { DriveState, UploadSession } from './drive-state';
import { bytes, empty, GraphError, json, type SimRequest, type SimResponse } from './http';

/**
 * The pre-authenticated URLs Graph hands out: upload sessions (`/upload/{token}`) and downloads
 * (`/download/{token}`). Like SharePoint's, they need no token, and an upload chunk that carries an
 * `Authorization` header is refused with 401 ("may result in an HTTP 401", platform-facts §1).
 *
 * Chunk rules enforced (platform-facts §1): `Content-Range: bytes a-b/total` and a matching `Content-Length`;
 * each chunk under 60 MiB; every chunk but the last a multiple of 320 KiB; the same total on every chunk;
 * chunks in order. A chunk starting before the next expected byte (a resend) is 416; one starting after it is
 * 400 `invalidRange` / `fragmentOutOfOrder`. Each chunk extends the session's expiry.
 */

export const UPLOAD_PATH_PREFIX = '/upload/';
export const DOWNLOAD_PATH_PREFIX = '/download/';
export const CHUNK_MULTIPLE = 327_680;

export interface UploadOptions {
  maxChunkBytes: number;
}

const rangeHeader = /^bytes (\d+)-(\d+)\/(\d+)$/;

const status = (session: UploadSession) => ({
  expirationDateTime: new Date(session.expiresAt).toISOString(),
  nextExpectedRanges:
    session.total !== null && session.nextExpected >= session.total ? [] : [`${session.nextExpected}-`],
});

const commit = (state: DriveState, session: UploadSession): SimResponse => {
  state.uploadSessions.delete(session.token);
  const drive = state.drive(session.driveId);
  const content = Buffer.concat(session.chunks);
  const target =
    session.targetItemId !== undefined
      ? { existing: state.item(drive.id, session.targetItemId) }
      : {
          parent: state.item(drive.id, session.parentId),
          folders: session.pendingFolders,
          name: session.name,
        };
  const { item, created } = state.storeFile(drive, target, content, session.conflict, session.actor, true);
  return json(created ? 201 : 200, state.toJson(item));
};

export const handlePreAuthenticated = (
  req: SimRequest,
  state: DriveState,
  options: UploadOptions,
): SimResponse => {
  if (req.path.startsWith(DOWNLOAD_PATH_PREFIX)) {
    const token = req.path.slice(DOWNLOAD_PATH_PREFIX.length);
    const download = state.downloads.get(token);
    if (!download || Date.now() >= download.expiresAt || req.method !== 'GET') {
      throw new GraphError(404, 'itemNotFound', 'The download link is unknown or has expired.');
    }
    const item = state.item(download.driveId, download.itemId);
    return bytes(200, item.content, item.mimeType, {
      etag: state.eTag(item),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`,
    });
  }
  const token = req.path.slice(UPLOAD_PATH_PREFIX.length);
  if (req.headers.authorization !== undefined) {
    throw new GraphError(
      401,
      'unauthenticated',
      'The upload URL is pre-authenticated; requests to it must not carry an Authorization header.',
    );
  }
  const session = state.uploadSession(token);
  switch (req.method) {
    case 'GET':
      return json(200, status(session));
    case 'DELETE':
      state.uploadSessions.delete(session.token);
      return empty(204);
    case 'POST': {
      // deferCommit: the client commits explicitly once every byte arrived.
      if (!session.complete)
        throw new GraphError(400, 'invalidRequest', 'The upload is not complete; nothing to commit.');
      return commit(state, session);
    }
    case 'PUT':
      return putChunk(req, state, session, options);
    default:
      throw new GraphError(
        405,
        'BadRequest',
        `The HTTP method '${req.method}' is not allowed for an upload session.`,
      );
  }
};

const putChunk = (
  req: SimRequest,
  state: DriveState,
  session: UploadSession,
  options: UploadOptions,
): SimResponse => {
  const range = rangeHeader.exec(req.headers['content-range']?.trim() ?? '');
  if (!range) {
    throw new GraphError(
      400,
      'invalidRequest',
      "The Content-Range header is missing or malformed; expected 'bytes a-b/total'.",
      'invalidRange',
    );
  }
  const start = Number(range[1]);
  const end = Number(range[2]);
  const total = Number(range[3]);
  const length = end - start + 1;
  const declared = req.headers['content-length'];
  if (end < start || declared === undefined || Number(declared) !== length || req.body.length !== length) {
    throw new GraphError(
      400,
      'invalidRequest',
      'The Content-Length does not match the Content-Range of the fragment.',
      'invalidRange',
    );
  }
  if (length >= options.maxChunkBytes) {
    throw new GraphError(
      413,
      'requestTooLarge',
      `Fragments must be smaller than ${options.maxChunkBytes} bytes.`,
    );
  }
  if (end >= total)
    throw new GraphError(
      400,
      'invalidRange',
      'The fragment ends beyond the declared total size.',
      'invalidRange',
    );
  if (session.total !== null && session.total !== total) {
    throw new GraphError(
      400,
      'invalidRange',
      `The declared total size ${total} differs from the session's ${session.total}.`,
      'invalidRange',
    );
  }
  if (start < session.nextExpected) {
    throw new GraphError(
      416,
      'invalidRange',
      'Requested Range Not Satisfiable: the fragment overlaps data the session has already received.',
      'fragmentOverlap',
    );
  }
  if (start > session.nextExpected) {
    throw new GraphError(
      400,
      'invalidRange',
      `Fragments must be uploaded in order; expected byte ${session.nextExpected} next.`,
      'fragmentOutOfOrder',
    );
  }
  const last = end + 1 === total;
  if (!last && length % CHUNK_MULTIPLE !== 0) {
    throw new GraphError(
      400,
      'invalidRange',
      `Each fragment but the last must be a multiple of 320 KiB (${CHUNK_MULTIPLE} bytes); this one is ${length}.`,
      'invalidChunkSize',
    );
  }
  session.total = total;
  session.chunks.push(Buffer.from(req.body));
  session.nextExpected = end + 1;
  session.expiresAt = Date.now() + state.uploadSessionLifetimeMs;
  if (!last) return json(202, status(session));
  if (session.deferCommit) {
    session.complete = true;
    return json(202, status(session));
  }
  return commit(state, session);
};
