import type { DocumentView, MailMessage } from '../src/api/types';
import type { ReplyValue, Routes, SentRequest } from './fake-service';

/** A Blob's bytes as text (latin1, one character per byte): jsdom's Blob has no text() of its own. */
export const blobText = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result as ArrayBuffer);
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      resolve(text);
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsArrayBuffer(blob);
  });

const refuse = (status: number, code: string, message: string, extra: object = {}): ReplyValue => ({
  status,
  body: { code, message, requestId: `r-${status}`, ...extra },
});

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const previewOf = (contentType: string): DocumentView['preview'] =>
  contentType === 'application/pdf' ? 'pdf' : IMAGE_TYPES.includes(contentType) ? 'image' : 'none';

/** `report.pdf`, `report (2).pdf`, `report (3).pdf`…: the first name not already in `taken`. */
const freeName = (name: string, taken: Set<string>): string => {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n += 1) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
};

/** The headers and first line of text of an RFC 822 message, as the service reads an `.eml`. */
const readEmail = (text: string): NonNullable<DocumentView['email']> => {
  const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const date = header('Date');
  return {
    from: header('From'),
    to: header('To')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    subject: header('Subject'),
    date: date ? new Date(date).toISOString() : null,
    preview: rest.join('\n').replace(/\r\n/g, '\n').trim().slice(0, 500),
    attachments: 0,
  };
};

export interface FakeDocumentsOptions {
  /** The cases this person may see, by reference, with their titles. */
  cases: Record<string, string>;
  canUpload?: boolean;
  canRemove?: boolean;
  /** The service's size limit (413 above it). */
  maxBytes?: number;
  /** Whether the list answer says the limit (the service may leave it out). */
  sayMaxBytes?: boolean;
  /** Who uploads, as the service records it. */
  uploader?: { id: string; name: string };
  /** Outlook's recent messages; undefined: local mode (409 mailbox_unavailable). */
  mailbox?: MailMessage[];
}

interface Stored {
  view: DocumentView;
  content: Blob;
  text: string;
  deleted: boolean;
  messageId?: string;
}

/**
 * The documents API (docs/api.md) as an in-memory service, for component tests: the real API client sends
 * real uploads to it, and it answers as the service does: a new file 201; the same content again 200 with
 * `created: false` and no copy; a different file of the same name renamed `name (2).ext`; over the limit 413
 * with `maxBytes`; an invisible case 404; removal only for officers, kept in a deleted-items area.
 */
export const fakeDocuments = (options: FakeDocumentsOptions) => {
  const {
    cases,
    canUpload = true,
    canRemove = false,
    maxBytes = 25 * 1024 * 1024,
    sayMaxBytes = true,
    uploader = { id: 'cllr-ann', name: 'Cllr Ann Example' },
    mailbox,
  } = options;
  const stored: Stored[] = [];
  let next = 1;
  let clock = Date.parse('2026-11-24T09:00:00Z');
  let held: Promise<void> | null = null;

  const live = (ref: string) => stored.filter((d) => !d.deleted && d.view.caseRef === ref);

  const store = (
    ref: string,
    name: string,
    contentType: string,
    content: Blob,
    text: string,
    messageId?: string,
  ): ReplyValue => {
    const same = live(ref).find((d) => (messageId ? d.messageId === messageId : d.text === text));
    if (same) return { status: 200, body: { document: same.view, created: false } };
    const isEmail = name.toLowerCase().endsWith('.eml') || contentType === 'message/rfc822';
    const id = `doc-${next++}`;
    clock += 60_000;
    const view: DocumentView = {
      id,
      caseRef: ref,
      name: freeName(name, new Set(live(ref).map((d) => d.view.name))),
      contentType,
      size: content.size,
      kind: isEmail ? 'email' : 'file',
      uploadedBy: uploader,
      uploadedAt: new Date(clock).toISOString(),
      preview: previewOf(contentType),
      ...(isEmail ? { email: readEmail(text) } : {}),
    };
    stored.push({ view, content, text, deleted: false, ...(messageId ? { messageId } : {}) });
    return { status: 201, body: { document: view, created: true } };
  };

  const file = async (
    ref: string,
    name: string,
    contentType: string,
    content: Blob,
    messageId?: string,
  ): Promise<ReplyValue> => store(ref, name, contentType, content, await blobText(content), messageId);

  const visible = (req: SentRequest) => req.params.ref !== undefined && req.params.ref in cases;

  const routes: Routes = {
    'GET /api/cases/:ref/documents': (req) => {
      if (!visible(req)) return refuse(404, 'not_found', 'No such case.');
      return {
        body: {
          items: live(req.params.ref!)
            .map((d) => d.view)
            .reverse(),
          canUpload,
          canRemove,
          ...(sayMaxBytes ? { maxBytes } : {}),
        },
      };
    },
    'POST /api/cases/:ref/documents': async (req) => {
      if (held) await held;
      // Stopped before all its bytes arrived: the service never saw a whole file, and keeps nothing.
      if (req.aborted?.()) return refuse(400, 'bad_request', 'The upload did not complete.');
      if (!visible(req)) return refuse(404, 'not_found', 'No such case.');
      if (!canUpload) return refuse(403, 'forbidden', 'You cannot add documents to this case.');
      const rawName = req.headers['x-file-name'];
      if (!rawName || !req.raw)
        return refuse(400, 'bad_request', 'The file needs a name.', {
          issues: [{ path: 'x-file-name', message: 'Required' }],
        });
      if (req.raw.size > maxBytes)
        return refuse(413, 'payload_too_large', 'The file is larger than the service accepts.', { maxBytes });
      return file(
        req.params.ref!,
        decodeURIComponent(rawName),
        req.headers['content-type'] ?? 'application/octet-stream',
        req.raw,
      );
    },
    'GET /api/documents/:id/content': (req) => {
      const d = stored.find((x) => x.view.id === req.params.id && !x.deleted);
      if (!d) return refuse(404, 'not_found', 'No such document.');
      const disposition = req.query.get('disposition') === 'attachment' ? 'attachment' : 'inline';
      return {
        body: d.content,
        headers: {
          'content-type': d.view.contentType,
          'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(d.view.name)}`,
        },
      };
    },
    'DELETE /api/documents/:id': (req) => {
      const d = stored.find((x) => x.view.id === req.params.id && !x.deleted);
      if (!d) return refuse(404, 'not_found', 'No such document.');
      if (!canRemove) return refuse(403, 'forbidden', 'Only officers can remove documents.');
      d.deleted = true;
      return { body: { document: d.view } };
    },
    'GET /api/documents': (req) => {
      const q = (req.query.get('q') ?? '').toLowerCase();
      const limit = Number(req.query.get('limit') ?? 20);
      const items = stored
        .filter((d) => !d.deleted && d.view.caseRef in cases)
        .filter((d) => d.view.name.toLowerCase().includes(q) || d.text.toLowerCase().includes(q))
        .slice(0, limit)
        .map((d) => {
          const at = d.text.toLowerCase().indexOf(q);
          return {
            document: d.view,
            caseRef: d.view.caseRef,
            caseTitle: cases[d.view.caseRef] ?? '',
            snippet: at >= 0 ? d.text.slice(Math.max(0, at - 20), at + q.length + 20) : d.view.name,
          };
        });
      return { body: { items } };
    },
    'GET /api/mail/messages': () =>
      mailbox
        ? { body: { items: mailbox } }
        : refuse(
            409,
            'mailbox_unavailable',
            'Filing from your mailbox is not available here: upload the email as an .eml file instead.',
          ),
    'POST /api/cases/:ref/documents/from-mail': async (req) => {
      if (!visible(req)) return refuse(404, 'not_found', 'No such case.');
      if (!mailbox)
        return refuse(
          409,
          'mailbox_unavailable',
          'Filing from your mailbox is not available here: upload the email as an .eml file instead.',
        );
      const { messageId } = req.body as { messageId: string };
      const m = mailbox.find((x) => x.id === messageId);
      if (!m) return refuse(404, 'not_found', 'No such message.');
      const eml = `From: ${m.from}\r\nTo: cllr-ann@example.test\r\nSubject: ${m.subject}\r\nDate: ${new Date(
        m.receivedAt,
      ).toUTCString()}\r\n\r\n${m.preview}\r\n`;
      return file(req.params.ref!, `${m.subject}.eml`, 'message/rfc822', new Blob([eml]), m.id);
    },
  };

  return {
    routes,
    /** What the service holds, deleted items included. */
    stored: () => stored.map((d) => ({ ...d.view, deleted: d.deleted })),
    /** Files a document directly, as if someone had uploaded it earlier. */
    seed: (ref: string, name: string, contentType: string, content: string): DocumentView => {
      const reply = store(ref, name, contentType, new Blob([content], { type: contentType }), content);
      return (reply.body as { document: DocumentView }).document;
    },
    /** Removes a document as another officer would, without this tab knowing. */
    removeBehindTheScenes: (id: string) => {
      const d = stored.find((x) => x.view.id === id);
      if (d) d.deleted = true;
    },
    /** Holds every upload's answer (the bytes half sent) until the returned function is called. */
    holdUploads: () => {
      let release!: () => void;
      held = new Promise<void>((r) => {
        release = () => {
          held = null;
          r();
        };
      });
      return release;
    },
  };
};
