import { createHash, randomBytes } from 'node:crypto';
import { GraphError } from './http';

/**
 * Mailboxes for `/me/messages` and `/users/{id}/messages`. Each message is kept as its MIME text (what
 * `$value` returns) together with the properties Graph lists for it.
 */

export interface SimMailAddress {
  name?: string;
  address: string;
}

export interface SimMailAttachment {
  name: string;
  contentType: string;
  content: Buffer | string;
}

export interface SimMessageSeed {
  /** Default: a generated `AAMk…` id. */
  id?: string;
  subject: string;
  from: SimMailAddress;
  to: SimMailAddress[];
  cc?: SimMailAddress[];
  /** ISO instant. */
  receivedDateTime: string;
  bodyText: string;
  /** When set, the message body is HTML (multipart/alternative in the MIME). */
  bodyHtml?: string;
  isRead?: boolean;
  importance?: 'low' | 'normal' | 'high';
  attachments?: SimMailAttachment[];
}

export interface SimMailboxOptions {
  /** The user's object id (the `oid` of their tokens). */
  userId: string;
  userPrincipalName?: string;
  messages?: SimMessageSeed[];
}

export interface StoredMessage {
  id: string;
  seed: SimMessageSeed;
  mime: string;
  internetMessageId: string;
  conversationId: string;
  changeKey: string;
  attachments: Array<{ id: string; name: string; contentType: string; content: Buffer }>;
}

interface Mailbox {
  userId: string;
  userPrincipalName: string | undefined;
  messages: StoredMessage[];
}

const isAscii = (text: string) => /^[\x20-\x7e\r\n\t]*$/.test(text);
const encodeHeader = (text: string) =>
  isAscii(text) ? text : `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
const address = (a: SimMailAddress) =>
  a.name ? `${encodeHeader(`"${a.name}"`)} <${a.address}>` : `<${a.address}>`;
const base64Lines = (data: Buffer) => (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
const textPart = (text: string, subtype: 'plain' | 'html') =>
  isAscii(text)
    ? `Content-Type: text/${subtype}; charset="us-ascii"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}`
    : `Content-Type: text/${subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(Buffer.from(text))}`;

/** An RFC 5322 message with MIME parts: the text (and HTML) body and base64 attachments. */
export const buildMime = (seed: SimMessageSeed, internetMessageId: string): string => {
  const boundary = (tag: string) =>
    `_${tag}_${createHash('sha1')
      .update(internetMessageId + tag)
      .digest('hex')
      .slice(0, 24)}_`;
  const headers = [
    `From: ${address(seed.from)}`,
    `To: ${seed.to.map(address).join(', ')}`,
    ...(seed.cc && seed.cc.length > 0 ? [`CC: ${seed.cc.map(address).join(', ')}`] : []),
    `Subject: ${encodeHeader(seed.subject)}`,
    `Date: ${new Date(seed.receivedDateTime).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${internetMessageId}`,
    'MIME-Version: 1.0',
  ];
  const body =
    seed.bodyHtml === undefined
      ? textPart(seed.bodyText, 'plain')
      : [
          `Content-Type: multipart/alternative; boundary="${boundary('alt')}"`,
          '',
          `--${boundary('alt')}`,
          textPart(seed.bodyText, 'plain'),
          `--${boundary('alt')}`,
          textPart(seed.bodyHtml, 'html'),
          `--${boundary('alt')}--`,
        ].join('\r\n');
  const attachments = seed.attachments ?? [];
  if (attachments.length === 0) return `${headers.join('\r\n')}\r\n${body}\r\n`;
  const mixed = boundary('mixed');
  const parts = attachments.map((a) =>
    [
      `Content-Type: ${a.contentType}; name="${encodeHeader(a.name)}"`,
      `Content-Description: ${encodeHeader(a.name)}`,
      `Content-Disposition: attachment; filename="${encodeHeader(a.name)}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content)),
    ].join('\r\n'),
  );
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    body,
    ...parts.flatMap((p) => [`--${mixed}`, p]),
    `--${mixed}--`,
    '',
  ].join('\r\n');
};

/** A small PDF, valid enough for a viewer to open: the attachment in the sample mailbox. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Realistic casework mail: a resident's enquiry with a photo-free PDF attachment, a reply, an HTML newsletter. */
export const sampleMessages = (now: number = Date.now()): SimMessageSeed[] => [
  {
    subject: 'Pothole outside 14 Mill Lane – photos and letter attached',
    from: { name: 'Jane Resident', address: 'jane.resident@example.org' },
    to: [{ name: 'Cllr Sam Patel', address: 'sam.patel@council.example.gov.uk' }],
    receivedDateTime: new Date(now - 3_600_000).toISOString(),
    bodyText:
      'Dear Cllr Patel,\n\nThe pothole outside 14 Mill Lane has got worse since my last email. ' +
      'I attach my letter to Highways.\n\nKind regards,\nJane',
    attachments: [{ name: 'Letter to Highways.pdf', contentType: 'application/pdf', content: SAMPLE_PDF }],
  },
  {
    subject: 'RE: Bin collections on Orchard Road',
    from: { name: 'Waste Services', address: 'waste@council.example.gov.uk' },
    to: [{ name: 'Cllr Sam Patel', address: 'sam.patel@council.example.gov.uk' }],
    cc: [{ name: 'Members Enquiries', address: 'members.enquiries@council.example.gov.uk' }],
    receivedDateTime: new Date(now - 86_400_000).toISOString(),
    bodyText: 'Hello,\n\nThe missed collections on Orchard Road were caught up on Tuesday.\n\nWaste Services',
    isRead: true,
  },
  {
    subject: 'Members’ briefing: budget consultation opens',
    from: { name: 'Democratic Services', address: 'democratic.services@council.example.gov.uk' },
    to: [{ name: 'All Members', address: 'all.members@council.example.gov.uk' }],
    receivedDateTime: new Date(now - 2 * 86_400_000).toISOString(),
    bodyText: 'The budget consultation opens on Monday. Briefing slides will follow.',
    bodyHtml:
      '<html><body><p>The budget consultation opens on <b>Monday</b>. Briefing slides will follow.</p></body></html>',
    importance: 'high',
  },
];

const newMessageId = () => `AAMkAD${randomBytes(60).toString('base64url')}=`;

export class MailState {
  private readonly mailboxes = new Map<string, Mailbox>();

  constructor(mailboxes: SimMailboxOptions[]) {
    for (const m of mailboxes) {
      this.mailboxes.set(m.userId, {
        userId: m.userId,
        userPrincipalName: m.userPrincipalName,
        messages: [],
      });
      for (const seed of m.messages ?? []) this.add(m.userId, seed);
    }
  }

  /** Adds a message to a mailbox (creating the mailbox); returns its id. */
  add(userId: string, seed: SimMessageSeed): string {
    let mailbox = this.mailboxes.get(userId);
    if (!mailbox) {
      mailbox = { userId, userPrincipalName: undefined, messages: [] };
      this.mailboxes.set(userId, mailbox);
    }
    const id = seed.id ?? newMessageId();
    const internetMessageId = `<${randomBytes(12).toString('hex')}@mail.example.org>`;
    mailbox.messages.push({
      id,
      seed,
      mime: buildMime(seed, internetMessageId),
      internetMessageId,
      conversationId: `AAQkAD${randomBytes(30).toString('base64url')}=`,
      changeKey: randomBytes(12).toString('base64'),
      attachments: (seed.attachments ?? []).map((a) => ({
        id: `AAMkAD${randomBytes(40).toString('base64url')}=`,
        name: a.name,
        contentType: a.contentType,
        content: Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content),
      })),
    });
    return id;
  }

  /** The mailbox of a user by object id or user principal name; 404 `ErrorInvalidUser` when there is none. */
  mailbox(idOrUpn: string): Mailbox {
    const direct = this.mailboxes.get(idOrUpn);
    if (direct) return direct;
    for (const m of this.mailboxes.values()) {
      if (m.userPrincipalName?.toLowerCase() === idOrUpn.toLowerCase()) return m;
    }
    throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${idOrUpn}' is invalid.`);
  }

  /** Newest first, as Graph lists messages by default. */
  messages(idOrUpn: string): StoredMessage[] {
    return [...this.mailbox(idOrUpn).messages].sort(
      (a, b) => Date.parse(b.seed.receivedDateTime) - Date.parse(a.seed.receivedDateTime),
    );
  }

  message(idOrUpn: string, id: string): StoredMessage {
    const found = this.mailbox(idOrUpn).messages.find((m) => m.id === id);
    if (!found)
      throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return found;
  }

  toJson(m: StoredMessage): Record<string, unknown> {
    const s = m.seed;
    const recipient = (a: SimMailAddress) => ({
      emailAddress: { name: a.name ?? a.address, address: a.address },
    });
    return {
      '@odata.etag': `W/"${m.changeKey}"`,
      id: m.id,
      createdDateTime: s.receivedDateTime,
      lastModifiedDateTime: s.receivedDateTime,
      changeKey: m.changeKey,
      categories: [],
      receivedDateTime: s.receivedDateTime,
      sentDateTime: s.receivedDateTime,
      hasAttachments: m.attachments.length > 0,
      internetMessageId: m.internetMessageId,
      subject: s.subject,
      bodyPreview: s.bodyText.replace(/\s+/g, ' ').slice(0, 255),
      importance: s.importance ?? 'normal',
      parentFolderId: 'AAMkADinbox=',
      conversationId: m.conversationId,
      isDeliveryReceiptRequested: false,
      isReadReceiptRequested: false,
      isRead: s.isRead ?? false,
      isDraft: false,
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(m.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
      inferenceClassification: 'focused',
      body:
        s.bodyHtml === undefined
          ? { contentType: 'text', content: s.bodyText }
          : { contentType: 'html', content: s.bodyHtml },
      sender: recipient(s.from),
      from: recipient(s.from),
      toRecipients: s.to.map(recipient),
      ccRecipients: (s.cc ?? []).map(recipient),
      bccRecipients: [],
      replyTo: [],
      flag: { flagStatus: 'notFlagged' },
    };
  }

  attachmentJson(a: StoredMessage['attachments'][number], withContent: boolean): Record<string, unknown> {
    return {
      '@odata.type': '#microsoft.graph.fileAttachment',
      '@odata.mediaContentType': a.contentType,
      id: a.id,
      lastModifiedDateTime: new Date().toISOString(),
      name: a.name,
      contentType: a.contentType,
      size: a.content.length,
      isInline: false,
      contentId: null,
      contentLocation: null,
      ...(withContent ? { contentBytes: a.content.toString('base64') } : {}),
    };
  }
}
