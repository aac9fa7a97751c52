import { createHash } from 'node:crypto';
import type { CaseActionType, CaseAction } from '../domain/case-actions';
import type { Case, CaseEvent, CaseStatus, IsoDate } from '../domain/case';
import { canRaise, constituentSearch, decide, listScope, type CaseOperation } from '../domain/access-policy';
import { applyAction, raiseCase, type RaiseCaseInput } from '../domain/case-lifecycle';
import type { SlaClock } from '../domain/sla-clock';
import { ForbiddenError, NotFoundError, ValidationError, DomainError } from '../domain/errors';
import type { CaseRef, DepartmentId, PersonId, WardId } from '../domain/ids';
import { hasRole } from '../domain/person';
import type { Actor } from './actor';
import type { CaseCategories } from './case-categories';
import { toCaseView, type CaseView } from './case-view';
import type {
  AuditEntryDraft,
  AuditLog,
  CaseFilter,
  CaseSort,
  CaseStore,
  CaseWithEvents,
  Clock,
  Directory,
  Page,
  SortDirection,
} from './ports';

export interface CaseworkDeps {
  cases: CaseStore;
  audit: Pick<AuditLog, 'record'>;
  directory: Pick<Directory, 'person' | 'wards' | 'departments'>;
  clock: Clock;
  sla: SlaClock;
  /** The managed category list: a case is raised, routed or corrected only with an active category. */
  categories: Pick<CaseCategories, 'requireActive' | 'activeChecker'>;
}

/** A new case as asked for: as the lifecycle takes it, but the member defaults to the caller when a councillor raises it. */
export type RaiseCaseRequest = Omit<RaiseCaseInput, 'memberId'> & { memberId?: PersonId | null | undefined };

/** A case as its reader may see it, with its latest timeline entries, oldest first. */
export interface CaseWithTimeline {
  view: CaseView;
  events: CaseEvent[];
  /** The case's latest response, whether or not it is among `events`. */
  latestResponse?: CaseEvent | undefined;
}

export interface ListCasesRequest {
  mine?: boolean | undefined;
  /**
   * Only the cases open to the caller (`isOpenTo`, domain/case-news.ts): awaiting an answer, or, on their own
   * cases, answered with the answer still new to them within the follow-up window. The tab's "Open" and the
   * bot's `my cases` both ask for this, so they count alike.
   */
  open?: boolean | undefined;
  status?: readonly CaseStatus[] | undefined;
  overdue?: boolean | undefined;
  /** Open cases due soon or overdue, by the current SLA policy's warning margin. */
  atRisk?: boolean | undefined;
  /** Cases not yet routed to a department. */
  unassigned?: boolean | undefined;
  wardId?: WardId | undefined;
  departmentId?: DepartmentId | undefined;
  /** The category as cases show it; letter case ignored. */
  category?: string | undefined;
  /**
   * Only this member's cases, among those the caller may list: a filter, never a widening (a councillor
   * asking for another member's cases gets only those shared with them).
   */
  memberId?: PersonId | undefined;
  /** Raised on or after this day (Europe/London). */
  raisedFrom?: IsoDate | undefined;
  /** Raised on or before this day (Europe/London). */
  raisedTo?: IsoDate | undefined;
  text?: string | undefined;
  sort?: CaseSort | undefined;
  /** The direction of a column sort. */
  dir?: SortDirection | undefined;
  limit: number;
  offset: number;
}

/** A digest of a request, the same whatever order its fields were given in. */
const requestHash = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

/** An audit entry for what `actor` did or was refused, at `at`. */
export const audited = (
  actor: Actor,
  at: Date,
  action: string,
  outcome: AuditEntryDraft['outcome'],
  extra: Partial<AuditEntryDraft> = {},
): AuditEntryDraft => ({
  at: at.toISOString(),
  actorId: actor.person.id,
  action,
  outcome,
  requestId: actor.requestId,
  ...extra,
});

/**
 * The casework use cases. Each checks the access policy, records the read or change in the audit log, and
 * answers a case the person may not see exactly as a case that does not exist.
 */
export const makeCasework = ({ cases, audit, directory, clock, sla, categories }: CaseworkDeps) => {
  const deniedRead = async (actor: Actor, ref: CaseRef, action: string): Promise<never> => {
    await audit.record(
      audited(actor, clock.now(), action, 'denied', { caseRef: ref, detail: { reason: 'invisible' } }),
    );
    throw new NotFoundError();
  };

  /**
   * Raises a case. With `requestKey` (the client's idempotency key), the same request sent again (a double
   * click, a retry after a lost answer) gives the case the first one raised, `replayed: true`, and raises no
   * second one; the same key with a different request is refused (RequestKeyReusedError).
   */
  const raise = async (
    actor: Actor,
    req: RaiseCaseRequest,
    options: { requestKey?: string | undefined } = {},
  ): Promise<CaseView & { replayed?: boolean }> => {
    const now = clock.now();
    const memberId = req.origin === 'mp' ? null : (req.memberId ?? actor.person.id);
    if (!canRaise(actor.person, req.origin, memberId)) {
      await audit.record(audited(actor, now, 'case.create', 'denied', { detail: { origin: req.origin } }));
      throw new ForbiddenError(
        'You cannot raise this case: councillors raise their own cases; support officers raise cases for members and MPs.',
      );
    }
    if (memberId !== null) {
      const member = await directory.person(memberId);
      if (!member || !hasRole(member, 'Councillor'))
        throw new ValidationError('The member must be a councillor.', [
          { path: 'memberId', message: 'not a councillor' },
        ]);
    }
    const wards = await directory.wards();
    if (!wards.some((w) => w.id === req.wardId))
      throw new ValidationError('Unknown electoral division.', [{ path: 'wardId', message: 'unknown ward' }]);
    // Stored as the list spells it, so "potholes" and "Potholes" are one category in the reports.
    const category = await categories.requireActive(req.category);
    const { draft, event } = raiseCase(
      { ...req, memberId, category },
      { actorId: actor.person.id, now, sla },
    );
    const entry = audited(actor, now, 'case.create', 'allowed', {
      detail: { origin: req.origin, kind: req.kind },
    });
    if (options.requestKey === undefined)
      return toCaseView(actor.person, await cases.create(draft, event, entry), sla, now);
    const once = await cases.createOnce(draft, event, entry, {
      actorId: actor.person.id,
      key: options.requestKey,
      hash: requestHash({ ...req, memberId }),
    });
    if (once.replayed) {
      // Nothing was created: the repeat is recorded as such, with the case it was answered with.
      await audit.record(
        audited(actor, now, 'case.create', 'allowed', {
          caseId: once.case.id,
          caseRef: once.case.ref,
          detail: { replayed: true },
        }),
      );
      return { ...toCaseView(actor.person, once.case, sla, now), replayed: true };
    }
    return toCaseView(actor.person, once.case, sla, now);
  };

  /**
   * The read is recorded, and when the reader is the case's member, what they have now seen (the case's last
   * timeline entry as read) is kept, so the case has no news for them until someone changes it again
   * (`domain/case-news.ts`); the audit entry's detail names that entry (`seen`).
   */
  const recordRead = async (
    actor: Actor,
    now: Date,
    found: CaseWithEvents,
    detail: Record<string, unknown> = {},
  ): Promise<void> => {
    const c = found.case;
    const member = c.memberId === actor.person.id;
    if (member) await cases.markSeen(actor.person.id, c.id, found.lastSeq, now.toISOString());
    await audit.record(
      audited(actor, now, 'case.read', 'allowed', {
        caseId: c.id,
        caseRef: c.ref,
        ...(member || Object.keys(detail).length > 0
          ? { detail: { ...detail, ...(member ? { seen: found.lastSeq } : {}) } }
          : {}),
      }),
    );
  };

  const get = async (actor: Actor, ref: CaseRef): Promise<CaseView> => {
    const found = await cases.findWithTimeline(ref, { last: 0 });
    if (!found || !decide(actor.person, 'read', found.case).allowed)
      return deniedRead(actor, ref, 'case.read');
    const now = clock.now();
    await recordRead(actor, now, found);
    return toCaseView(actor.person, found.case, sla, now);
  };

  /**
   * A case with its latest `events` timeline entries (oldest first), as a card shows it: one read of the case,
   * one audit entry (`case.read`, noting that the timeline was included). Refused exactly as `get` is.
   */
  const getWithTimeline = async (
    actor: Actor,
    ref: CaseRef,
    options: { events: number },
  ): Promise<CaseWithTimeline> => {
    const found = await cases.findWithTimeline(ref, { last: options.events });
    if (!found || !decide(actor.person, 'read', found.case).allowed)
      return deniedRead(actor, ref, 'case.read');
    const now = clock.now();
    await recordRead(actor, now, found, {
      timeline: { last: options.events, returned: found.events.length },
    });
    return {
      view: toCaseView(actor.person, found.case, sla, now),
      events: found.events,
      latestResponse: found.latestResponse,
    };
  };

  const list = async (
    actor: Actor,
    req: ListCasesRequest,
  ): Promise<Page<CaseView> & { elsewhere?: number }> => {
    const now = clock.now();
    const filter: CaseFilter = {
      memberId: req.mine ? actor.person.id : req.memberId,
      statuses: req.status,
      overdueOn: req.overdue ? sla.today(now) : undefined,
      atRiskUntil: req.atRisk ? sla.atRiskUntil(now) : undefined,
      unassigned: req.unassigned ? true : undefined,
      wardId: req.wardId,
      departmentId: req.departmentId,
      category: req.category,
      raisedFrom: req.raisedFrom,
      raisedTo: req.raisedTo,
      text: req.text,
      constituentText: req.text ? constituentSearch(actor.person) : undefined,
      openTo: req.open ? { readerId: actor.person.id, today: sla.today(now) } : undefined,
      newsFor: actor.person.id,
    };
    const scope = listScope(actor.person);
    const page = await cases.list(scope, filter, {
      limit: req.limit,
      offset: req.offset,
      sort: req.sort,
      dir: req.dir,
    });
    // A search under a status filter also says how many cases match under the other statuses: counted in the
    // same access scope, so it tells nobody about a case they may not see.
    const statusFiltered = req.status !== undefined || req.open || req.overdue || req.atRisk;
    const elsewhere =
      req.text && statusFiltered
        ? (
            await cases.list(
              scope,
              {
                ...filter,
                statuses: undefined,
                openTo: undefined,
                overdueOn: undefined,
                atRiskUntil: undefined,
                newsFor: undefined,
              },
              { limit: 1, offset: 0 },
            )
          ).total - page.total
        : undefined;
    await audit.record(
      audited(actor, now, 'case.list', 'allowed', {
        detail: {
          scope: scope.kind,
          returned: page.items.map((c) => c.ref),
          ...(elsewhere === undefined ? {} : { elsewhere }),
          filtered: Boolean(
            req.text ||
            req.wardId ||
            req.departmentId ||
            req.category ||
            req.memberId ||
            req.raisedFrom ||
            req.raisedTo ||
            req.status ||
            req.overdue ||
            req.atRisk ||
            req.unassigned ||
            req.open ||
            req.mine,
          ),
        },
      }),
    );
    return {
      ...page,
      ...(elsewhere === undefined ? {} : { elsewhere }),
      items: page.items.map((c) => ({
        ...toCaseView(actor.person, c, sla, now),
        ...(c.news === undefined ? {} : { news: c.news }),
      })),
    };
  };

  const timeline = async (actor: Actor, ref: CaseRef): Promise<CaseEvent[]> => {
    const found = await cases.findByRef(ref);
    if (!found || !decide(actor.person, 'read', found).allowed)
      return deniedRead(actor, ref, 'case.timeline');
    await audit.record(
      audited(actor, clock.now(), 'case.timeline', 'allowed', { caseId: found.id, caseRef: found.ref }),
    );
    return cases.timeline(found.id);
  };

  const act = async (
    actor: Actor,
    ref: CaseRef,
    action: CaseAction,
    expectedVersion?: number,
  ): Promise<CaseView> => {
    const now = clock.now();
    const auditAction = `case.action.${action.type}`;
    try {
      // Look up what the action names before the case is locked: the embedded database has one connection,
      // so a query issued from inside the transaction would wait for the transaction itself.
      const checkTargets = await loadTargetCheck(action);
      const listedCategory = await categoryCheck(action);
      const authorize = (current: Case): void => {
        const decision = decide(actor.person, action.type satisfies CaseOperation, current);
        if (!decision.allowed) {
          throw decision.reason === 'invisible'
            ? new NotFoundError()
            : new ForbiddenError(`You cannot ${describe(action.type)} this case.`);
        }
      };
      const changed = await cases.change(
        ref,
        (current) => {
          authorize(current);
          checkTargets(current);
          const { next, events } = applyAction(current, listedCategory(action), {
            actorId: actor.person.id,
            now,
            sla,
          });
          return {
            next,
            events,
            audit: [
              audited(actor, now, auditAction, 'allowed', { caseId: current.id, caseRef: current.ref }),
            ],
          };
        },
        // The access decision runs before the version check: a stale version on an invisible case is a 404.
        { expectedVersion, authorize },
      );
      return toCaseView(actor.person, changed, sla, now);
    } catch (error) {
      if (error instanceof DomainError) {
        // The change was rolled back; the refusal itself is still part of the audit trail.
        await audit.record(
          audited(actor, now, auditAction, 'denied', { caseRef: ref, detail: { code: error.code } }),
        );
      }
      throw error;
    }
  };

  /**
   * An action that sets the category (triage, correct) must name an active category from the managed list; it
   * is stored as the list spells it. The list is read before the case is locked (see `act`) and checked after
   * the access decision, so a case the person may not see answers 404 whatever category was named.
   */
  const categoryCheck = async (action: CaseAction): Promise<(action: CaseAction) => CaseAction> => {
    if ((action.type !== 'triage' && action.type !== 'correct') || action.category === undefined)
      return (a) => a;
    const check = await categories.activeChecker();
    return (a) =>
      (a.type === 'triage' || a.type === 'correct') && a.category !== undefined
        ? { ...a, category: check(a.category) }
        : a;
  };

  /**
   * Targets named in an action must exist and fit: a department that exists, an officer of the case's
   * department, a councillor to share with. Returns the check to run against the locked case.
   */
  const loadTargetCheck = async (action: CaseAction): Promise<(current: Case) => void> => {
    const noCheck = () => undefined;
    if (action.type === 'triage') {
      const departments = await directory.departments();
      if (!departments.some((d) => d.id === action.departmentId))
        throw new ValidationError('Unknown department.', [
          { path: 'departmentId', message: 'unknown department' },
        ]);
      return noCheck;
    }
    if (action.type === 'assign') {
      const officer = await directory.person(action.officerId);
      return (current) => {
        const fits =
          officer &&
          (hasRole(officer, 'SupportOfficer') ||
            (hasRole(officer, 'DepartmentOfficer') && officer.departmentId === current.departmentId));
        if (!fits)
          throw new ValidationError('The officer must belong to the case\u2019s department.', [
            { path: 'officerId', message: 'not an officer of this department' },
          ]);
      };
    }
    if (action.type === 'share') {
      const member = await directory.person(action.memberId);
      if (!member || !hasRole(member, 'Councillor'))
        throw new ValidationError('Cases can be shared only with another councillor.', [
          { path: 'memberId', message: 'not a councillor' },
        ]);
    }
    return noCheck;
  };

  /**
   * Whether this person already raised a case with `requestKey`: raising again with it replays that case, so a
   * client (the bot's form) need not warn of likely duplicates first. Reads no case, so it is not audited.
   */
  const raisedWithKey = (actor: Actor, requestKey: string): Promise<boolean> =>
    cases.requestKeyUsed(actor.person.id, requestKey);

  return { raise, raisedWithKey, get, getWithTimeline, list, timeline, act };
};

export type Casework = ReturnType<typeof makeCasework>;

const describe = (action: CaseActionType): string => action.replace(/-/g, ' ');
