import { randomUUID } from 'node:crypto';
import type { Case, CaseStatus } from '../domain/case';
import {
  canSee,
  decide,
  listScope,
  seesConstituent,
  type CaseRecordOperation,
} from '../domain/access-policy';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { CaseRef, PersonId } from '../domain/ids';
import { describeDetails, NOTE_MAX_LENGTH, personalDetailsIn } from '../domain/internal-note';
import {
  DUPLICATE_WINDOW_DAYS,
  duplicateReasons,
  type DuplicateProbe,
  type DuplicateReason,
} from '../domain/likely-duplicate';
import type { Actor } from './actor';
import { audited } from './casework';
import type { AuditEntryDraft, AuditLog, CaseRecordStore, CaseStore, Clock, InternalNote } from './ports';

export interface CaseRecordDeps {
  cases: Pick<CaseStore, 'findByRef'>;
  record: CaseRecordStore;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** A related case as its reader is shown it: enough to recognise and open it. */
export interface LinkedCase {
  ref: CaseRef;
  title: string;
  status: CaseStatus;
  linkedAt: string;
  linkedBy: PersonId;
}

/** An earlier case that may be the one about to be raised. */
export interface LikelyDuplicate {
  ref: CaseRef;
  title: string;
  status: CaseStatus;
  createdAt: string;
  reasons: DuplicateReason[];
}

/** How many earlier cases the duplicate check reads, and how many it names. */
const CANDIDATES = 200;
const MAX_DUPLICATES = 10;

/**
 * Officers' record beside a case (issue 16): internal notes, links between related cases, and the
 * likely-duplicate check when a case is raised. Every path asks the access policy first; a case the person may
 * not see answers exactly as a missing one, and a linked case they may not see is left out without a trace.
 * Nothing here changes a case's row, version or timeline, so it raises no notification, no news for the
 * member and no 409 for someone answering the case.
 */
export const makeCaseRecord = ({ cases, record, audit, clock }: CaseRecordDeps) => {
  /** The case `ref` names if `operation` is allowed on it; audits and throws otherwise. */
  const caseFor = async (
    actor: Actor,
    ref: CaseRef,
    operation: CaseRecordOperation | 'read',
    action: string,
    refusal: string,
  ): Promise<Case> => {
    const found = await cases.findByRef(ref);
    const decision = found
      ? decide(actor.person, operation, found)
      : ({ allowed: false, reason: 'invisible' } as const);
    if (found && decision.allowed) return found;
    const reason = decision.allowed ? 'invisible' : decision.reason;
    await audit.record(
      audited(actor, clock.now(), action, 'denied', {
        caseRef: ref,
        ...(reason === 'not-permitted' && found ? { caseId: found.id } : {}),
        detail: { reason },
      }),
    );
    if (reason === 'invisible') throw new NotFoundError();
    throw new ForbiddenError(refusal);
  };

  const NOTES_REFUSAL = 'Internal notes are for support officers and the officers of the case’s department.';

  /**
   * Adds an internal note. Refused (400 naming `text`) when the note holds the constituent's name, e-mail
   * address, phone number or postcode as the writer sees them on the case: notes are officers' working notes
   * and the constituent's details stay on the case itself. The note's text is never written to the audit log.
   */
  const addNote = async (actor: Actor, ref: CaseRef, text: string): Promise<InternalNote> => {
    const c = await caseFor(actor, ref, 'add-note', 'case.note.add', NOTES_REFUSAL);
    const now = clock.now();
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.length > NOTE_MAX_LENGTH)
      throw new ValidationError(`A note holds 1 to ${NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters.`, [
        { path: 'text', message: `Write 1 to ${NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters.` },
      ]);
    const details = seesConstituent(actor.person, c) ? personalDetailsIn(trimmed, c.constituent) : [];
    if (details.length > 0) {
      await audit.record(
        audited(actor, now, 'case.note.add', 'denied', {
          caseId: c.id,
          caseRef: c.ref,
          detail: { code: 'personal_details', details },
        }),
      );
      throw new ValidationError('The note holds the constituent’s personal details.', [
        {
          path: 'text',
          message: `Remove the constituent’s ${describeDetails(details)}: internal notes must not hold the constituent’s personal details.`,
        },
      ]);
    }
    const note: InternalNote = {
      id: randomUUID(),
      caseId: c.id,
      at: now.toISOString(),
      authorId: actor.person.id,
      text: trimmed,
    };
    await record.addNote(
      note,
      audited(actor, now, 'case.note.add', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        detail: { noteId: note.id, length: trimmed.length },
      }),
    );
    return note;
  };

  const notes = async (actor: Actor, ref: CaseRef): Promise<InternalNote[]> => {
    const c = await caseFor(actor, ref, 'read-notes', 'case.note.list', NOTES_REFUSAL);
    const found = await record.notes(c.id);
    await audit.record(
      audited(actor, clock.now(), 'case.note.list', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        detail: { returned: found.length },
      }),
    );
    return found;
  };

  const LINK_REFUSAL =
    'Cases are linked by support officers, the officers of the case’s department and the case’s own member.';

  /** Both cases, each with `link-cases` allowed; the other is answered as missing when it is not visible. */
  const linkPair = async (
    actor: Actor,
    ref: CaseRef,
    otherRef: CaseRef,
    action: string,
  ): Promise<[Case, Case]> => {
    const c = await caseFor(actor, ref, 'link-cases', action, LINK_REFUSAL);
    const other = await caseFor(actor, otherRef, 'link-cases', action, LINK_REFUSAL);
    if (other.id === c.id)
      throw new ValidationError('A case cannot be linked to itself.', [
        { path: 'ref', message: 'Give the reference of another case.' },
      ]);
    return [c, other];
  };

  const linkAudit = (actor: Actor, at: Date, action: string, c: Case, other: Case): AuditEntryDraft[] => [
    audited(actor, at, action, 'allowed', { caseId: c.id, caseRef: c.ref, detail: { other: other.ref } }),
    audited(actor, at, action, 'allowed', { caseId: other.id, caseRef: other.ref, detail: { other: c.ref } }),
  ];

  /** Links two cases as related; `created` is false when they were linked already. */
  const link = async (actor: Actor, ref: CaseRef, otherRef: CaseRef): Promise<{ created: boolean }> => {
    const [c, other] = await linkPair(actor, ref, otherRef, 'case.link');
    const now = clock.now();
    const created = await record.link(
      c.id,
      other.id,
      actor.person.id,
      now.toISOString(),
      linkAudit(actor, now, 'case.link', c, other),
    );
    return { created };
  };

  /** Removes a link; a link that is not there is answered as missing (404). */
  const unlink = async (actor: Actor, ref: CaseRef, otherRef: CaseRef): Promise<void> => {
    const [c, other] = await linkPair(actor, ref, otherRef, 'case.unlink');
    const now = clock.now();
    const removed = await record.unlink(c.id, other.id, linkAudit(actor, now, 'case.unlink', c, other));
    if (!removed) throw new NotFoundError('link between these cases');
  };

  /** The case's related cases that the reader may see; the others are left out, uncounted. */
  const links = async (actor: Actor, ref: CaseRef): Promise<LinkedCase[]> => {
    const c = await caseFor(actor, ref, 'read', 'case.link.list', 'You cannot read this case.');
    const shown = (await record.links(c.id))
      .filter((l) => canSee(actor.person, l.other))
      .map((l) => ({
        ref: l.other.ref,
        title: l.other.title,
        status: l.other.status,
        linkedAt: l.linkedAt,
        linkedBy: l.linkedBy,
      }));
    await audit.record(
      audited(actor, clock.now(), 'case.link.list', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        detail: { returned: shown.map((l) => l.ref) },
      }),
    );
    return shown;
  };

  /**
   * Earlier cases, raised in the last 90 days, that a case about to be raised may repeat: the same constituent
   * (e-mail, phone, or name and postcode) or the same street and category. Only cases the person may see, and
   * only where they see the constituent's details (a department officer never learns that a withheld
   * constituent matches). Audited with the references returned, never the details asked about.
   */
  const likelyDuplicates = async (actor: Actor, probe: DuplicateProbe): Promise<LikelyDuplicate[]> => {
    const now = clock.now();
    const scope = listScope(actor.person);
    const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
    const phoneDigits = (probe.constituent.phone ?? '').replace(/\D/g, '').slice(-10);
    const candidates =
      scope.kind === 'none'
        ? []
        : await record.recentCandidates(
            scope,
            {
              since,
              category: probe.category,
              email: probe.constituent.email,
              phoneDigits: phoneDigits.length >= 7 ? phoneDigits : undefined,
              postcode: probe.constituent.postcode,
            },
            CANDIDATES,
          );
    const found = candidates
      .filter((c) => canSee(actor.person, c) && seesConstituent(actor.person, c))
      .map((c) => ({ c, reasons: duplicateReasons(probe, c) }))
      .filter(({ reasons }) => reasons.length > 0)
      .slice(0, MAX_DUPLICATES)
      .map(({ c, reasons }) => ({
        ref: c.ref,
        title: c.title,
        status: c.status,
        createdAt: c.createdAt,
        reasons,
      }));
    await audit.record(
      audited(actor, now, 'case.duplicate-check', 'allowed', {
        detail: { returned: found.map((d) => d.ref) },
      }),
    );
    return found;
  };

  return { addNote, notes, link, unlink, links, likelyDuplicates };
};

export type CaseRecord = ReturnType<typeof makeCaseRecord>;
