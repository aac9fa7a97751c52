import { decide } from '../domain/access-policy';
import type { IsoInstant } from '../domain/case';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { CaseRef } from '../domain/ids';
import type { Actor } from './actor';
import { toCaseView, type CaseView } from './case-view';
import type { AuditEntryDraft, AuditLog, CaseStore, Clock } from './ports';
import type { SlaClock } from '../domain/sla-clock';

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
}

export interface CaseFilingDeps {
  cases: Pick<CaseStore, 'change'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  sla: SlaClock;
}

/** Longest message text filed: ample for a chat message; a longer one is refused, never silently cut. */
export const MAX_FILED_TEXT = 28_000;
const MAX_SENDER = 200;
const MAX_MESSAGE_ID = 200;

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
  if (issues.length > 0) throw new ValidationError('This message cannot be filed.', issues);
  return {
    text,
    senderName,
    sentAt: message.sentAt === undefined ? undefined : new Date(message.sentAt).toISOString(),
    link: message.link,
    messageId: message.messageId,
  };
};

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
export const makeCaseFiling = ({ cases, audit, clock, sla }: CaseFilingDeps) => {
  const fileMessage = async (actor: Actor, ref: CaseRef, message: MessageToFile): Promise<CaseView> => {
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
      const changed = await cases.change(ref, (current) => {
        const decision = decide(actor.person, 'file-message', current);
        if (!decision.allowed) {
          throw decision.reason === 'invisible'
            ? new NotFoundError()
            : new ForbiddenError('You cannot file messages into this case.');
        }
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
              },
            },
          ],
          // Ids only: the message itself is casework and stays on the timeline, out of the audit log.
          audit: [
            entry('allowed', { caseId: current.id, caseRef: current.ref, detail: { source: 'teams' } }),
          ],
        };
      });
      return toCaseView(actor.person, changed, sla, now);
    } catch (error) {
      if (error instanceof DomainError)
        await audit.record(entry('denied', { caseRef: ref, detail: { code: error.code } }));
      throw error;
    }
  };

  return { fileMessage };
};

export type CaseFiling = ReturnType<typeof makeCaseFiling>;
