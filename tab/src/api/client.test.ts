import { ApiError } from './client';
import { fakeService } from '../../test/fake-service';

const file = () => new File(['hello'], 'note.txt', { type: 'text/plain' });

describe('API client: uploads and document content', () => {
  it('reports upload progress in bytes and answers the filed document', async () => {
    const document = { id: 'd1', name: 'note.txt' };
    const service = fakeService({
      'POST /api/cases/:ref/documents': () => ({ status: 201, body: { document, created: true } }),
    });
    const progress: [number, number][] = [];
    const result = await service.api.uploadDocument('MH-2026-00001', file(), {
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    expect(result).toEqual({ document, created: true });
    expect(progress).toEqual([
      [3, 5],
      [5, 5],
    ]);
    expect(service.sent[0]?.headers['content-type']).toBe('text/plain');
  });

  it('sends a file with no type as application/octet-stream', async () => {
    const service = fakeService({
      'POST /api/cases/:ref/documents': () => ({ status: 201, body: { created: true } }),
    });
    await service.api.uploadDocument('MH-2026-00001', new File(['x'], 'blob.bin'));
    expect(service.sent[0]?.headers['content-type']).toBe('application/octet-stream');
  });

  it('maps an upload refusal exactly as other calls, including the limit of a 413 and a 401 sign-out', async () => {
    const service = fakeService({
      'POST /api/cases/A/documents': () => ({
        status: 413,
        body: { code: 'payload_too_large', message: 'Too large.', requestId: 'r-1', maxBytes: 1024 },
      }),
      'POST /api/cases/B/documents': () => ({
        status: 401,
        body: { code: 'unauthenticated', message: 'Sign in.' },
      }),
    });
    const tooLarge = await service.api.uploadDocument('A', file()).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(ApiError);
    expect(tooLarge).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      requestId: 'r-1',
      maxBytes: 1024,
    });
    await expect(service.api.uploadDocument('B', file())).rejects.toMatchObject({ status: 401 });
    expect(service.unauthenticatedCalls()).toBe(1);
  });

  it('says the service could not be reached when the connection fails mid-upload', async () => {
    const service = fakeService({ 'POST /api/cases/A/documents': () => ({ status: 0, body: null }) });
    await expect(service.api.uploadDocument('A', file())).rejects.toMatchObject({
      status: 0,
      code: 'network',
    });
  });

  it('stops an upload when its signal aborts, before or during sending', async () => {
    const service = fakeService({
      'POST /api/cases/A/documents': () => new Promise(() => undefined),
    });
    const before = new AbortController();
    before.abort();
    await expect(service.api.uploadDocument('A', file(), { signal: before.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(service.sent).toHaveLength(0);
    const during = new AbortController();
    const upload = service.api.uploadDocument('A', file(), {
      signal: during.signal,
      onProgress: () => during.abort(),
    });
    await expect(upload).rejects.toMatchObject({ code: 'aborted' });
  });

  it('fetches document bytes with the token in a header, never in the address', async () => {
    const service = fakeService({
      'GET /api/documents/:id/content': () => ({
        body: new Blob(['%PDF'], { type: 'application/pdf' }),
        headers: { 'content-type': 'application/pdf' },
      }),
    });
    const blob = await service.api.documentContent('d 1', 'attachment');
    expect(blob.size).toBe(4);
    const sent = service.sent[0]!;
    expect(sent.path).toBe('/api/documents/d%201/content');
    expect(sent.query.toString()).toBe('disposition=attachment');
    expect(sent.headers.authorization).toBe('Bearer test-token');
  });

  it('maps a refused content request to an ApiError', async () => {
    const service = fakeService({});
    await expect(service.api.documentContent('gone', 'inline')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
