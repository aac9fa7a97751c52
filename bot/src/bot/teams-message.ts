import type { MessageAttachment, MessageToFile } from '../app/case-filing';

/** Teams' content type for a file attachment that carries a download URL. */
export const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** An attachment in Teams' `messagePayload`. */
export interface TeamsMessageAttachment {
  id?: string | undefined;
  contentType?: string | undefined;
  contentUrl?: string | null | undefined;
  /** For file download info: `{ downloadUrl, uniqueId, fileType }`; other kinds carry other things. */
  content?: unknown;
  name?: string | null | undefined;
}

/** The parts of Teams' `messagePayload` (on message actions) that filing uses. */
export interface TeamsMessagePayload {
  id?: string | undefined;
  createdDateTime?: string | undefined;
  linkToMessage?: string | undefined;
  body?: { contentType?: string | undefined; content?: string | undefined } | undefined;
  attachments?: readonly TeamsMessageAttachment[] | null | undefined;
  from?:
    | {
        user?: { displayName?: string | undefined } | undefined;
        application?: { displayName?: string | undefined } | undefined;
      }
    | undefined;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });

const safeCodePoint = (code: number, fallback: string): string =>
  Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;

/**
 * Teams message bodies are HTML. Filing keeps the words: block ends become line breaks, tags are dropped,
 * entities decoded, runs of blank lines collapsed. (Nothing here is ever rendered as HTML again.)
 */
export const htmlToText = (html: string): string =>
  decodeEntities(
    html
      .replace(/<\s*(script|style)[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
      .replace(/<\s*br\s*\/?>/gi, '\n')
      .replace(/<\s*\/\s*(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.trim() !== '' ? field.trim() : undefined;
};

/**
 * The files attached to a message: Teams file attachments (with a download URL the service can fetch, and
 * the file's link), files shared from OneDrive or SharePoint (`contentType: reference`: a `contentUrl` and
 * `name`, no content and no download URL, as chats and channels carry them in Microsoft 365; copied with the
 * filing person's permission, see app/shared-files.ts) and other links. Cards, mentions and other kinds of
 * attachment are not files and are left out. The reference shape, e.g. `{"contentType": "reference",
 * "contentUrl": "https://…-my.sharepoint.com/personal/…/Documents/Microsoft Teams Chat Files/document.pdf",
 * "content": null, "name": "document.pdf"}`, is as reported in
 * https://github.com/microsoftgraph/msgraph-sdk-javascript/issues/200 and
 * https://github.com/MicrosoftDocs/msteams-docs/issues/3887.
 */
export const messageAttachments = (payload: TeamsMessagePayload): MessageAttachment[] =>
  (payload.attachments ?? []).flatMap((a): MessageAttachment[] => {
    const name = a.name?.trim();
    if (!name) return [];
    if (a.contentType === TEAMS_FILE_DOWNLOAD_INFO) {
      const fileType = stringField(a.content, 'fileType');
      return [
        {
          name,
          contentType: fileType ? `application/${fileType}` : 'application/octet-stream',
          downloadUrl: stringField(a.content, 'downloadUrl'),
          link: a.contentUrl ?? undefined,
        },
      ];
    }
    if (a.contentType === 'reference' && a.contentUrl)
      return [{ name, contentType: 'application/octet-stream', link: a.contentUrl, reference: a.contentUrl }];
    if (
      a.contentType === 'reference' ||
      (a.contentUrl && !a.contentType?.startsWith('application/vnd.microsoft.card'))
    )
      return [{ name, contentType: 'application/octet-stream', link: a.contentUrl ?? undefined }];
    return [];
  });

/** The message to file, from Teams' payload. Plain-text bodies are kept as they are. */
export const messageToFile = (payload: TeamsMessagePayload): MessageToFile => {
  const content = payload.body?.content ?? '';
  const isText = payload.body?.contentType === 'text';
  const text = isText ? content.trim() : htmlToText(content);
  const attachments = messageAttachments(payload);
  return {
    ...(isText || content.trim() === '' ? {} : { html: content }),
    ...(attachments.length > 0 ? { attachments } : {}),
    text,
    senderName:
      payload.from?.user?.displayName?.trim() ||
      payload.from?.application?.displayName?.trim() ||
      'Unknown sender',
    sentAt: payload.createdDateTime || undefined,
    link: payload.linkToMessage || undefined,
    messageId: payload.id || undefined,
  };
};
