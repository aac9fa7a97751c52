import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decide } from '../domain/access-policy';
import type { IsoInstant } from '../domain/case';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { CaseRef } from '../domain/ids';
import { londonDate } from '../domain/working-days';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import { toCaseView, type CaseView } from './case-view';
import type { Documents } from './documents';
import type { FilingJournal, NewFiling } from './filing-journal';
import { downloadSource, inlineSource, spoolSource } from './filing-sources';
import type { OnBehalfOf } from './mailbox';
import { SharedFileError, type NotCopiedReason, type SharedFiles } from './shared-files';
import type { AuditEntryDraft, AuditLog, CaseStore, Clock } from './ports';
import type { SlaClock } from '../domain/sla-clock';

/** A file attached to a Teams message, as the message action hands it over. */
export interface MessageAttachment {
  name: string;
  contentType: string;
  /** Where people open it (a SharePoint or OneDrive link); https only. */
  link?: string | undefined;
  /**
   * A short-lived URL the service can download the file from (Teams file attachments carry one in
   * `content.downloadUrl`). Never stored: it grants access by itself.
   */
  downloadUrl?: string | undefined;
  /**
   * A file shared from OneDrive or SharePoint (`contentType: reference`): its address, copied through Graph
   * with the filing person's own permission when they file from the dialog (`shared-files.ts`).
   */
  reference?: string | undefined;
  /** Set by filing: the copy of a shared file, spooled under the service's spool folder. */
  copied?: { path: string; contentType: string; size: number } | undefined;
  /** Set by filing: why a shared file could not be copied (it is linked instead). */
  notCopied?: NotCopiedReason | undefined;
}

/** What became of the message's record and attachments in the case's documents. */
export interface MessageDocumentsOutcome {
  /**
   * `filed`: a new record; `already-filed`: the same message was filed before; `failed`: not stored;
   * `in-progress`: still being stored when the answer was due (Teams allows a message action 5 seconds), and
   * carrying on in the background, on this instance or (after a restart) another: the filings are in the
   * journal with the timeline entry. Filing the message again completes it without duplicates.
   */
  record: 'filed' | 'already-filed' | 'failed' | 'in-progress';
  /** Attachments stored now or before, attachments that could not be stored, and those only linked. */
  attachments: { stored: number; failed: number; linked: number };
  /** Shared files that could not be copied (so only linked), and why. */
  notCopied?: { name: string; reason: NotCopiedReason }[] | undefined;
}

export interface FiledMessage {
  view: CaseView;
  /** Null when documents are not set up for filing (the timeline entry alone). */
  documents: MessageDocumentsOutcome | null;
}

/** A chat message to file into a case, as the Teams message action hands it over (already plain text). */
export interface MessageToFile {
  /** The message as plain text (markup removed by the edge that received it). */
  text: string;
  /** Who wrote the message, as Teams names them. */
  senderName: string;
  /** When the message was posted; absent when the client did not say. */
  sentAt?: IsoInstant | undefined;
  /** Link to the message in Teams. */
  link?: string | undefined;
  /** Teams' id of the message, so the timeline can show the same message filed twice as such. */
  messageId?: string | undefined;
  /** The message's HTML body, kept in the message's record among the case's documents. */
  html?: string | undefined;
  /** Files attached to the message. */
  attachments?: readonly MessageAttachment[] | undefined;
}

/** A message waiting for the "File to case" dialog (Microsoft 365 mode), for one person. */
export interface StoredFilingRequest {
  personId: string;
  message: MessageToFile;
  /** What filing it did, once filed. */
  outcome: { ref: string; documents: MessageDocumentsOutcome | null } | null;
}

/** The messages waiting for the dialog (`adapters/postgres/postgres-message-filing-requests.ts`). */
export interface MessageFilingRequests {
  create(request: StoredFilingRequest & { id: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** The request if it is this person's and has not expired; otherwise null. */
  find(id: string, personId: string, now: string): Promise<StoredFilingRequest | null>;
  finish(id: string, outcome: NonNullable<StoredFilingRequest['outcome']>): Promise<void>;
}

/** How long a message waits for the dialog. */
export const FILING_REQUEST_TTL_MS = 30 * 60 * 1000;

export interface CaseFilingDeps {
  cases: Pick<CaseStore, 'change' | 'findByRef'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  sla: SlaClock;
  /**
   * Case documents: with them, the message is also stored as a `.json` record in the case's folder, with
   * its attachments that Teams gives a download URL for beside it. The filings are recorded in the filing
   * journal together with the timeline entry, and completed durably (`documents.ts`). Without them, filing
   * adds the timeline entry only.
   */
  documents?:
    | {
        filing: Pick<Documents, 'completeNow'>;
        journal: Pick<FilingJournal, 'batch'>;
        /** Whether attachments can be fetched (an attachment downloader is wired); otherwise they are linked. */
        downloads: boolean;
      }
    | undefined;
  logger?: Logger | undefined;
  /** How long the answer waits for the documents (default 3 s, inside Teams' 5 s for message actions). */
  documentsBudgetMs?: number | undefined;
  /**
   * Microsoft 365 mode: messages waiting for the "File to case" dialog, and the files shared in them, copied
   * with the person's permission into `spoolDir` (the service's spool, whose files the journal discards).
   */
  dialog?:
    | {
        requests: MessageFilingRequests;
        sharedFiles?: SharedFiles | undefined;
        spoolDir: string;
        maxBytes: number;
      }
    | undefined;
}

/** Longest message text filed: ample for a chat message; a longer one is refused, never silently cut. */
export const MAX_FILED_TEXT = 28_000;
const MAX_SENDER = 200;
const MAX_MESSAGE_ID = 200;
const MAX_HTML = 200_000;
const MAX_ATTACHMENTS = 20;
const MAX_ATTACHMENT_NAME = 255;

const validate = (message: MessageToFile): MessageToFile => {
  const issues: { path: string; message: string }[] = [];
  const text = message.text.trim();
  if (text === '') issues.push({ path: 'text', message: 'the message has no text to file' });
  if (text.length > MAX_FILED_TEXT)
    issues.push({ path: 'text', message: `longer than ${MAX_FILED_TEXT} characters` });
  const senderName = message.senderName.trim();
  if (senderName === '' || senderName.length > MAX_SENDER)
    issues.push({ path: 'senderName', message: `1 to ${MAX_SENDER} characters` });
  if (message.sentAt !== undefined && Number.isNaN(Date.parse(message.sentAt)))
    issues.push({ path: 'sentAt', message: 'not a date and time' });
  if (message.link !== undefined && !isHttpsUrl(message.link))
    issues.push({ path: 'link', message: 'must be an https URL' });
  if (message.messageId !== undefined && message.messageId.length > MAX_MESSAGE_ID)
    issues.push({ path: 'messageId', message: 'too long' });
  if (message.html !== undefined && message.html.length > MAX_HTML)
    issues.push({ path: 'html', message: `longer than ${MAX_HTML} characters` });
  const attachments = message.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS)
    issues.push({ path: 'attachments', message: `more than ${MAX_ATTACHMENTS} attachments` });
  attachments.forEach((a, i) => {
    if (a.name.trim() === '' || a.name.length > MAX_ATTACHMENT_NAME)
      issues.push({ path: `attachments.${i}.name`, message: `1 to ${MAX_ATTACHMENT_NAME} characters` });
    if (a.reference !== undefined && !isHttpsUrl(a.reference))
      issues.push({ path: `attachments.${i}.reference`, message: 'must be an https URL' });
  });
  if (issues.length > 0) throw new ValidationError('This message cannot be filed.', issues);
  return {
    text,
    senderName,
    sentAt: message.sentAt === undefined ? undefined : new Date(message.sentAt).toISOString(),
    link: message.link,
    messageId: message.messageId,
    html: message.html?.trim() ? message.html : undefined,
    attachments: attachments.map((a) => ({
      name: a.name.trim(),
      contentType: a.contentType,
      // Links and download URLs that are not https are dropped rather than refused: the message is still filed.
      link: a.link !== undefined && isHttpsUrl(a.link) ? a.link : undefined,
      downloadUrl: a.downloadUrl,
      reference: a.reference,
      copied: a.copied,
      notCopied: a.notCopied,
    })),
  };
};

/**
 * The message's record as stored among the case's documents: what was said, by whom, when, where, and what
 * was attached. Nothing in it depends on when or by whom it was filed, so filing the same message again
 * gives the same bytes, which the documents use case recognises (no copy).
 */
export const messageRecord = (message: MessageToFile): Buffer =>
  Buffer.from(
    `${JSON.stringify(
      {
        type: 'teams-message',
        messageId: message.messageId ?? null,
        sender: message.senderName,
        sentAt: message.sentAt ?? null,
        link: message.link ?? null,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        attachments: (message.attachments ?? []).map((a) => ({
          name: a.name,
          contentType: a.contentType,
          link: a.link ?? a.reference ?? null,
          downloadable: a.downloadUrl !== undefined,
          ...(a.reference !== undefined ? { shared: true } : {}),
          ...(a.notCopied !== undefined ? { notCopied: a.notCopied } : {}),
        })),
      },
      null,
      2,
    )}\n`,
    'utf8',
  );

/** `2026-03-13 Jo Officer message.json` (the date in Europe/London). */
export const messageRecordName = (message: MessageToFile, now: Date): string =>
  `${londonDate(message.sentAt ? new Date(message.sentAt) : now)} ${message.senderName} message.json`;

const isHttpsUrl = (value: string): boolean => {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    // Not a URL at all: reported as a validation issue by the caller.
    return false;
  }
};

/**
 * Filing Teams messages into a case's timeline ("File to case"). The access policy decides who may add to a
 * case's record (`file-message`); a case the person may not see is answered as one that does not exist. The
 * filing, its timeline entry and its audit entry commit together; a refusal is audited too.
 */
export const makeCaseFiling = ({
  cases,
  audit,
  clock,
  sla,
  documents,
  logger,
  documentsBudgetMs = 3_000,
  dialog,
}: CaseFilingDeps) => {
  /**
   * The filings a message makes: its record (the bytes, held in the journal) and each attachment Teams gives a
   * download URL for (fetched when the filing is completed; the URL is cleared once used). Attachments without
   * one are only listed in the record.
   */
  const filingsFor = (
    actor: Actor,
    c: { id: string; ref: CaseRef },
    filed: MessageToFile,
    now: Date,
    downloads: boolean,
  ): { batchId: string; filings: NewFiling[]; linked: number } => {
    const batchId = randomUUID();
    const common = {
      caseId: c.id,
      caseRef: c.ref,
      batchId,
      actorId: actor.person.id,
      requestId: actor.requestId,
      origin: 'teams',
    };
    const record = messageRecord(filed);
    const filings: NewFiling[] = [
      {
        ...common,
        id: randomUUID(),
        name: messageRecordName(filed, now),
        contentType: 'application/json',
        kind: 'message',
        source: inlineSource(record),
        size: record.length,
        sha256: createHash('sha256').update(record).digest('hex'),
      },
    ];
    let linked = 0;
    for (const attachment of filed.attachments ?? []) {
      if (attachment.copied !== undefined) {
        // A shared file copied with the person's permission: filed from the spool like an upload.
        filings.push({
          ...common,
          id: randomUUID(),
          name: attachment.name,
          contentType: attachment.copied.contentType,
          kind: 'file',
          source: spoolSource(attachment.copied.path),
          size: attachment.copied.size,
        });
        continue;
      }
      if (attachment.downloadUrl === undefined || !downloads) {
        linked += 1;
        continue;
      }
      filings.push({
        ...common,
        id: randomUUID(),
        name: attachment.name,
        contentType: attachment.contentType,
        kind: 'file',
        source: downloadSource(attachment.downloadUrl),
      });
    }
    return { batchId, filings, linked };
  };

  /** What became of a message's filings so far. */
  const outcomeOf = async (
    journal: Pick<FilingJournal, 'batch'>,
    batchId: string,
    linked: number,
    notCopied: MessageDocumentsOutcome['notCopied'],
  ): Promise<MessageDocumentsOutcome> => {
    const [record, ...attachments] = await journal.batch(batchId);
    const pending = [record, ...attachments].some((f) => f?.status === 'pending');
    return {
      ...(notCopied && notCopied.length > 0 ? { notCopied } : {}),
      record: pending
        ? 'in-progress'
        : record?.status === 'done'
          ? record.created
            ? 'filed'
            : 'already-filed'
          : 'failed',
      attachments: {
        stored: attachments.filter((f) => f.status === 'done').length,
        failed: attachments.filter((f) => f.status === 'failed').length,
        linked,
      },
    };
  };

  const fileMessage = async (actor: Actor, ref: CaseRef, message: MessageToFile): Promise<FiledMessage> => {
    const now = clock.now();
    const at = now.toISOString();
    const entry = (
      outcome: AuditEntryDraft['outcome'],
      extra: Partial<AuditEntryDraft>,
    ): AuditEntryDraft => ({
      at,
      actorId: actor.person.id,
      action: 'case.file-message',
      outcome,
      requestId: actor.requestId,
      ...extra,
    });
    try {
      const filed = validate(message);
      let batch: { batchId: string; filings: NewFiling[]; linked: number } | undefined;
      const changed = await cases.change(ref, (current) => {
        const decision = decide(actor.person, 'file-message', current);
        if (!decision.allowed) {
          throw decision.reason === 'invisible'
            ? new NotFoundError()
            : new ForbiddenError('You cannot file messages into this case.');
        }
        // Whoever may file a message into a case may file its documents (`file-document` follows it).
        if (documents) batch = filingsFor(actor, current, filed, now, documents.downloads);
        return {
          next: { ...current, updatedAt: at },
          events: [
            {
              type: 'message-filed',
              actorId: actor.person.id,
              at,
              data: {
                source: 'teams',
                text: filed.text,
                senderName: filed.senderName,
                ...(filed.sentAt ? { sentAt: filed.sentAt } : {}),
                ...(filed.link ? { link: filed.link } : {}),
                ...(filed.messageId ? { messageId: filed.messageId } : {}),
                ...(filed.attachments?.length ? { attachments: filed.attachments.map((a) => a.name) } : {}),
              },
            },
          ],
          // Ids only: the message itself is casework and stays on the timeline, out of the audit log.
          audit: [
            entry('allowed', { caseId: current.id, caseRef: current.ref, detail: { source: 'teams' } }),
          ],
          // The message's documents are recorded with its timeline entry: if this process stops, whichever
          // instance claims them next stores them.
          ...(batch ? { filings: batch.filings } : {}),
        };
      });
      const view = toCaseView(actor.person, changed, sla, now);
      if (!documents || !batch) return { view, documents: null };
      // The timeline entry and the filings are committed; storing may take longer than Teams waits for a
      // message action, so the answer goes after at most `documentsBudgetMs` whatever is left to do.
      const { batchId, linked } = batch;
      const notCopied = (filed.attachments ?? []).flatMap((a) =>
        a.notCopied !== undefined ? [{ name: a.name, reason: a.notCopied }] : [],
      );
      const storing = documents.filing
        .completeNow(batch.filings.map((f) => f.id))
        .then(() => outcomeOf(documents.journal, batchId, linked, notCopied));
      // Never an unhandled rejection once the answer has gone: the journal keeps what is left to do.
      storing.catch((error: unknown) =>
        logger?.error({ err: error, caseRef: view.ref }, 'file to case: storing documents failed'),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<MessageDocumentsOutcome>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              record: 'in-progress',
              attachments: { stored: 0, failed: 0, linked },
              ...(notCopied.length > 0 ? { notCopied } : {}),
            }),
          documentsBudgetMs,
        );
      });
      try {
        return { view, documents: await Promise.race([storing, late]) };
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      if (error instanceof DomainError)
        await audit.record(entry('denied', { caseRef: ref, detail: { code: error.code } }));
      throw error;
    }
  };

  /** The request if it is this person's and still waiting; otherwise the same "not found" as for any other. */
  const ownRequest = async (actor: Actor, id: string): Promise<StoredFilingRequest> => {
    const requests = dialog?.requests;
    const found = requests ? await requests.find(id, actor.person.id, clock.now().toISOString()) : null;
    if (!found) throw new NotFoundError('filing request');
    return found;
  };

  /**
   * Copies the files shared in the message (reference attachments) with the person's permission, into the
   * spool; those it cannot copy are marked with the reason, and filed as links in the message's record.
   */
  const copyShared = async (message: MessageToFile, who: OnBehalfOf | undefined): Promise<MessageToFile> => {
    if (!dialog) return message;
    if (message.attachments?.some((a) => a.reference !== undefined))
      await mkdir(dialog.spoolDir, { recursive: true });
    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (a): Promise<MessageAttachment> => {
        if (a.reference === undefined) return a;
        if (who === undefined || dialog.sharedFiles === undefined)
          return { ...a, notCopied: 'not-signed-in' };
        const path = join(dialog.spoolDir, `shared-${randomUUID()}`);
        try {
          const copied = await dialog.sharedFiles.copy(who, a.reference, path, dialog.maxBytes);
          return {
            ...a,
            contentType: copied.contentType,
            copied: { path, contentType: copied.contentType, size: copied.size },
          };
        } catch (error) {
          if (!(error instanceof SharedFileError)) throw error;
          logger?.info({ reason: error.reason }, 'file to case: a shared file was linked, not copied');
          return { ...a, notCopied: error.reason };
        }
      }),
    );
    return { ...message, attachments };
  };

  const spooled = (message: MessageToFile): string[] =>
    (message.attachments ?? []).flatMap((a) => (a.copied ? [a.copied.path] : []));

  return {
    fileMessage,

    /**
     * Keeps a message for the "File to case" dialog (Microsoft 365 mode), for this person for 30 minutes:
     * the dialog is a Members' Hub page, signed in as the person, so files shared in the message can be
     * copied with their permission. Answers the request's id.
     * @throws ValidationError for a message that cannot be filed.
     */
    requestFiling: async (
      actor: Actor,
      message: MessageToFile,
    ): Promise<{ id: string; expiresAt: string }> => {
      if (!dialog) throw new Error('The File to case dialog is not set up here.');
      const filed = validate(message);
      const now = clock.now();
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + FILING_REQUEST_TTL_MS).toISOString();
      // Copies are made when the person files; nothing of a download URL's or a copy's state is kept here.
      const { attachments = [], ...rest } = filed;
      await dialog.requests.create({
        id,
        personId: actor.person.id,
        message: { ...rest, attachments: attachments.map(({ copied: _c, notCopied: _n, ...a }) => a) },
        outcome: null,
        createdAt: now.toISOString(),
        expiresAt,
      });
      return { id, expiresAt };
    },

    /** A waiting message, as the dialog shows it (the person's own only). @throws NotFoundError. */
    filingRequest: ownRequest,

    /**
     * Files a waiting message into the case `ref`, copying the files shared in it with the person's
     * permission (`who`: their token); the access policy decides before anything is copied.
     * @throws NotFoundError (no such request, or a case the person may not see), ForbiddenError.
     */
    fileRequested: async (actor: Actor, id: string, ref: CaseRef, who: OnBehalfOf | undefined) => {
      const request = await ownRequest(actor, id);
      const current = await cases.findByRef(ref);
      const decision = current ? decide(actor.person, 'file-message', current) : null;
      if (!decision?.allowed) {
        await audit.record({
          at: clock.now().toISOString(),
          actorId: actor.person.id,
          action: 'case.file-message',
          outcome: 'denied',
          caseRef: ref,
          requestId: actor.requestId,
          detail: { code: decision === null || decision.reason === 'invisible' ? 'not_found' : 'forbidden' },
        });
        if (decision === null || decision.reason === 'invisible') throw new NotFoundError();
        throw new ForbiddenError('You cannot file messages into this case.');
      }
      const message = await copyShared(request.message, who);
      let filed: FiledMessage;
      try {
        filed = await fileMessage(actor, ref, message);
      } catch (error) {
        // Nothing was recorded: the copies are nobody's.
        await Promise.all(spooled(message).map((path) => rm(path, { force: true })));
        throw error;
      }
      // Without case documents (a deployment still being set up) the copies have nowhere to go.
      if (filed.documents === null)
        await Promise.all(spooled(message).map((path) => rm(path, { force: true })));
      await dialog?.requests.finish(id, { ref: filed.view.ref, documents: filed.documents });
      return filed;
    },
  };
};

export type CaseFiling = ReturnType<typeof makeCaseFiling>;
