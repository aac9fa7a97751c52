import {
  OPEN_STATUSES,
  type Case,
  type CaseEventDraft,
  type CaseEventType,
  type CaseKind,
  type CaseOrigin,
  type CaseStatus,
  type Constituent,
  type IsoDate,
  type NewCase,
  type Priority,
} from './case';
import { isWithinFollowUpWindow } from './case-news';
import type { CaseAction, CaseActionType } from './case-actions';
import { IllegalTransitionError, ValidationError } from './errors';
import type { PersonId, WardId } from './ids';
import type { SlaClock } from './sla-clock';

/** Who is acting, when, and under which SLA policy. Access has already been checked by the access policy. */
export interface LifecycleContext {
  actorId: PersonId;
  now: Date;
  sla: SlaClock;
}

/** A new enquiry as entered by a councillor, or by a support officer for a member or an MP. */
export interface RaiseCaseInput {
  kind: CaseKind;
  origin: CaseOrigin;
  /** Required for MP enquiries, absent otherwise. */
  mpName?: string | undefined;
  /** The councillor the case belongs to; null exactly when the enquiry is an MP's. */
  memberId: PersonId | null;
  constituent: Constituent;
  wardId: WardId;
  category: string;
  /** Defaults to `normal`. */
  priority?: Priority | undefined;
  title: string;
  description: string;
}

/** The result of an action: the case as it should be stored (version untouched) and its timeline entry. */
export interface CaseTransition {
  next: Case;
  events: CaseEventDraft[];
}

/**
 * Statuses from which each action may be taken. Rules that depend on more than the status (follow-up window,
 * pending extension, stage) are checked after this and raise ValidationError instead.
 *
 * Choices beyond DESIGN.md: `triage` also re-routes a case already triaged or with a department (the wrong
 * department is a common first answer); `share` is allowed in every status, since it only widens who may read;
 * agreeing or declining a pending extension is allowed while the case is on hold.
 */
export const ALLOWED_FROM: Readonly<Record<CaseActionType, readonly CaseStatus[]>> = {
  triage: ['new', 'triaged', 'with-department'],
  assign: ['triaged', 'with-department'],
  respond: ['triaged', 'with-department'],
  'follow-up': ['responded'],
  extend: ['triaged', 'with-department'],
  'agree-extension': ['triaged', 'with-department', 'on-hold'],
  'decline-extension': ['triaged', 'with-department', 'on-hold'],
  hold: ['new', 'triaged', 'with-department'],
  resume: ['on-hold'],
  close: ['new', 'triaged', 'with-department', 'responded', 'on-hold'],
  reopen: ['closed'],
  escalate: OPEN_STATUSES,
  share: ['new', 'triaged', 'with-department', 'responded', 'on-hold', 'closed'],
  'return-to-triage': ['triaged', 'with-department'],
  correct: ['new', 'triaged', 'with-department', 'responded', 'on-hold'],
};

const required = (value: string | undefined, path: string, what: string): string => {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') throw new ValidationError(`${what} is required.`, [{ path, message: 'required' }]);
  return trimmed;
};

/**
 * Builds a new case (status `new`, stage 1, due dates from the SLA clock) and its `raised` event.
 * @throws ValidationError when the origin, member and MP's name do not fit together, or text is blank.
 */
export const raiseCase = (
  input: RaiseCaseInput,
  ctx: LifecycleContext,
): { draft: NewCase; event: CaseEventDraft } => {
  const issues: { path: string; message: string }[] = [];
  const mpName = input.mpName?.trim() ?? '';
  if (input.origin === 'mp') {
    if (mpName === '') issues.push({ path: 'mpName', message: 'required for an MP\u2019s enquiry' });
    if (input.memberId !== null)
      issues.push({ path: 'memberId', message: 'must be empty for an MP\u2019s enquiry' });
  } else {
    if (mpName !== '') issues.push({ path: 'mpName', message: 'only for an MP\u2019s enquiry' });
    if (input.memberId === null)
      issues.push({ path: 'memberId', message: 'required for a councillor\u2019s enquiry' });
  }
  for (const field of ['title', 'description', 'category', 'wardId'] as const) {
    if (input[field].trim() === '') issues.push({ path: field, message: 'required' });
  }
  if (issues.length > 0) throw new ValidationError('The case cannot be raised as entered.', issues);

  const at = ctx.now.toISOString();
  const draft: NewCase = {
    kind: input.kind,
    origin: input.origin,
    ...(input.origin === 'mp' ? { mpName } : {}),
    memberId: input.memberId,
    raisedBy: ctx.actorId,
    constituent: input.constituent,
    wardId: input.wardId,
    category: input.category.trim(),
    departmentId: null,
    assignedOfficerId: null,
    priority: input.priority ?? 'normal',
    title: input.title.trim(),
    description: input.description.trim(),
    status: 'new',
    stage: 1,
    createdAt: at,
    updatedAt: at,
    acknowledgeBy: ctx.sla.acknowledgeBy(ctx.now),
    respondBy: ctx.sla.respondBy(ctx.now),
    escalationLevel: 0,
    sharedWith: [],
  };
  const event: CaseEventDraft = {
    type: 'raised',
    actorId: ctx.actorId,
    at,
    data: {
      kind: draft.kind,
      origin: draft.origin,
      wardId: draft.wardId,
      category: draft.category,
      priority: draft.priority,
      stage: 1,
      acknowledgeBy: draft.acknowledgeBy,
      respondBy: draft.respondBy,
    },
  };
  return { draft, event };
};

const hasPendingExtension = (c: Case): boolean =>
  c.extension !== undefined && c.extension.decision === undefined;

/** Where a resumed case goes if it was held before `heldFrom` was recorded. */
const statusBeforeHold = (c: Case): CaseStatus =>
  c.heldFrom ??
  (c.departmentId === null ? 'new' : c.assignedOfficerId === null ? 'triaged' : 'with-department');

/**
 * Applies one lifecycle action to a case. Pure: `c` is never changed; `next` has `updatedAt = now` and the
 * same version (the store increments it). Every action yields exactly one timeline event.
 *
 * Follow-ups and reopenings start a fresh stage-1 response period from `now` (the member asked a new question
 * of the department) while keeping the case's stage; they end the follow-up window that allowed them.
 *
 * @throws IllegalTransitionError when the action is not allowed from the case's status (see ALLOWED_FROM).
 * @throws ValidationError when the status allows it but another rule does not (window closed, extension
 * already pending, stage 2 already, blank reason, sharing with the case's own member ...).
 */
/**
 * Whether `type` could succeed on the case as it stands on `today`: the status allows it, and the facts it
 * depends on hold (a pending extension to answer, stage 1 to extend, an open follow-up window). Used to offer
 * only the actions that would work; `applyAction` still checks everything, including what needs input.
 */
export const isActionPossible = (c: Case, type: CaseActionType, today: IsoDate): boolean => {
  if (!ALLOWED_FROM[type].includes(c.status)) return false;
  switch (type) {
    case 'agree-extension':
    case 'decline-extension':
      return hasPendingExtension(c);
    case 'extend':
      return c.stage === 1 && !hasPendingExtension(c);
    case 'follow-up':
    case 'reopen':
      return isWithinFollowUpWindow(c, today);
    default:
      return true;
  }
};

export const applyAction = (c: Case, action: CaseAction, ctx: LifecycleContext): CaseTransition => {
  if (!ALLOWED_FROM[action.type].includes(c.status)) throw new IllegalTransitionError(action.type, c.status);
  const at = ctx.now.toISOString();
  const today = ctx.sla.today(ctx.now);
  const done = (next: Case, type: CaseEventType, data: Record<string, unknown>): CaseTransition => ({
    next: { ...next, updatedAt: at },
    events: [{ type, actorId: ctx.actorId, at, data }],
  });

  switch (action.type) {
    case 'triage': {
      const category =
        action.category === undefined ? c.category : required(action.category, 'category', 'A category');
      const departmentId = required(action.departmentId, 'departmentId', 'A department');
      const rerouted = c.departmentId !== null && c.departmentId !== departmentId;
      // Re-triaging within the same department (say, to change the priority) leaves an assigned case assigned.
      const status = c.status === 'with-department' && !rerouted ? 'with-department' : 'triaged';
      return done(
        {
          ...c,
          status,
          departmentId,
          // An officer belongs to one department: a re-routed case waits for the new department to assign it.
          assignedOfficerId: rerouted ? null : c.assignedOfficerId,
          priority: action.priority ?? c.priority,
          category,
          acknowledgedAt: c.acknowledgedAt ?? at,
        },
        'triaged',
        {
          departmentId,
          previousDepartmentId: c.departmentId,
          priority: action.priority ?? c.priority,
          category,
          stage: c.stage,
          acknowledgedAt: c.acknowledgedAt ?? at,
          respondBy: c.respondBy,
        },
      );
    }
    case 'assign': {
      const officerId = required(action.officerId, 'officerId', 'An officer');
      return done({ ...c, status: 'with-department', assignedOfficerId: officerId }, 'assigned', {
        officerId,
        previousOfficerId: c.assignedOfficerId,
        departmentId: c.departmentId,
      });
    }
    case 'respond': {
      const response = required(action.response, 'response', 'A response');
      const followUpUntil = ctx.sla.followUpUntil(ctx.now);
      // Whoever answers a case nobody was assigned to is its officer from then on, so the case names them.
      const assignedOfficerId = c.assignedOfficerId ?? ctx.actorId;
      return done(
        { ...c, status: 'responded', respondedAt: at, followUpUntil, assignedOfficerId },
        'responded',
        {
          response,
          stage: c.stage,
          respondBy: c.respondBy,
          withinTarget: today <= c.respondBy,
          followUpUntil,
          // Who answered: statistics count the response for this department even if the case moves later.
          departmentId: c.departmentId,
        },
      );
    }
    case 'follow-up': {
      const text = required(action.text, 'text', 'The follow-up question');
      if (!isWithinFollowUpWindow(c, today)) {
        throw new ValidationError('The follow-up window for this case has closed.', [
          { path: 'followUpUntil', message: c.followUpUntil ?? 'no response yet' },
        ]);
      }
      const respondBy = ctx.sla.respondBy(ctx.now);
      return done(
        {
          ...c,
          status: 'with-department',
          respondBy,
          respondedAt: undefined,
          followUpUntil: undefined,
          slaNotice: undefined,
        },
        'followed-up',
        { text, stage: c.stage, respondBy, previousRespondBy: c.respondBy },
      );
    }
    case 'extend': {
      const reason = required(action.reason, 'reason', 'A reason');
      if (c.stage !== 1) throw new ValidationError('The case already has its stage-2 extension.');
      if (hasPendingExtension(c))
        throw new ValidationError('An extension is already waiting for the member\u2019s answer.');
      return done(
        { ...c, extension: { requestedBy: ctx.actorId, requestedAt: at, reason } },
        'extension-requested',
        {
          reason,
          respondBy: c.respondBy,
          proposedRespondBy: ctx.sla.extendedRespondBy(c.respondBy),
        },
      );
    }
    case 'agree-extension':
    case 'decline-extension': {
      if (!c.extension || !hasPendingExtension(c))
        throw new ValidationError('No extension is waiting for an answer.');
      const agreed = action.type === 'agree-extension';
      const extension = {
        ...c.extension,
        decision: agreed ? ('agreed' as const) : ('declined' as const),
        decidedBy: ctx.actorId,
        decidedAt: at,
      };
      if (!agreed)
        return done({ ...c, extension }, 'extension-declined', { stage: c.stage, respondBy: c.respondBy });
      const respondBy = ctx.sla.extendedRespondBy(c.respondBy);
      return done({ ...c, extension, stage: 2, respondBy }, 'extension-agreed', {
        stage: 2,
        respondBy,
        previousRespondBy: c.respondBy,
      });
    }
    case 'hold': {
      const reason = required(action.reason, 'reason', 'A reason');
      return done({ ...c, status: 'on-hold', heldFrom: c.status, holdReason: reason, heldAt: at }, 'held', {
        reason,
        heldFrom: c.status,
        respondBy: c.respondBy,
      });
    }
    case 'resume': {
      const status = statusBeforeHold(c);
      const heldAt = c.heldAt === undefined ? undefined : new Date(c.heldAt);
      const workingDaysOnHold = heldAt === undefined ? 0 : ctx.sla.workingDaysOnHold(heldAt, ctx.now);
      const respondBy =
        heldAt === undefined ? c.respondBy : ctx.sla.shiftForHold(c.respondBy, heldAt, ctx.now);
      return done(
        { ...c, status, respondBy, heldFrom: undefined, holdReason: undefined, heldAt: undefined },
        'resumed',
        { status, workingDaysOnHold, respondBy, previousRespondBy: c.respondBy },
      );
    }
    case 'correct': {
      const given = { ...action.constituent };
      const constituent = { ...c.constituent };
      const fields: string[] = [];
      for (const key of ['name', 'email', 'phone', 'address', 'postcode'] as const) {
        const value = given[key];
        if (value === undefined) continue;
        if (key === 'name' || key === 'address' || key === 'postcode')
          required(value, `constituent.${key}`, 'This detail');
        if (value.trim() !== (constituent[key] ?? '')) {
          constituent[key] = value.trim();
          fields.push(`constituent.${key}`);
        }
      }
      const title = action.title === undefined ? c.title : required(action.title, 'title', 'A title');
      if (title !== c.title) fields.push('title');
      const category =
        action.category === undefined ? c.category : required(action.category, 'category', 'A category');
      if (category !== c.category) fields.push('category');
      if (fields.length === 0)
        throw new ValidationError('Nothing to correct: every detail given is as it was.', [
          { path: 'constituent', message: 'no change' },
        ]);
      // The timeline is read by the department too, who may not see the constituent: field names only.
      return done({ ...c, constituent, title, category }, 'details-corrected', { fields });
    }
    case 'return-to-triage': {
      const reason = required(action.reason, 'reason', 'A reason');
      // The response date stands: the council's clock does not restart because it was routed wrongly.
      return done(
        { ...c, status: 'new', departmentId: null, assignedOfficerId: null },
        'returned-to-triage',
        {
          reason,
          departmentId: c.departmentId,
          previousOfficerId: c.assignedOfficerId,
        },
      );
    }
    case 'close': {
      const reason = required(action.reason, 'reason', 'A reason');
      return done(
        {
          ...c,
          status: 'closed',
          closedAt: at,
          closeReason: reason,
          heldFrom: undefined,
          holdReason: undefined,
          heldAt: undefined,
        },
        'closed',
        { reason, fromStatus: c.status, followUpUntil: c.followUpUntil },
      );
    }
    case 'reopen': {
      const reason = required(action.reason, 'reason', 'A reason');
      if (!isWithinFollowUpWindow(c, today)) {
        throw new ValidationError('This case can no longer be reopened: its follow-up window has closed.', [
          { path: 'followUpUntil', message: c.followUpUntil ?? 'closed without a response' },
        ]);
      }
      const respondBy = ctx.sla.respondBy(ctx.now);
      return done(
        {
          ...c,
          status: 'with-department',
          closedAt: undefined,
          closeReason: undefined,
          respondBy,
          respondedAt: undefined,
          followUpUntil: undefined,
          slaNotice: undefined,
        },
        'reopened',
        { reason, stage: c.stage, respondBy, previousRespondBy: c.respondBy },
      );
    }
    case 'escalate': {
      const reason = required(action.reason, 'reason', 'A reason');
      const maxLevel = ctx.sla.policy.escalationWorkingDaysAfterBreach.length;
      if (c.escalationLevel >= maxLevel) {
        throw new ValidationError(`The case is already at the highest escalation level (${maxLevel}).`);
      }
      return done({ ...c, escalationLevel: c.escalationLevel + 1 }, 'escalated', {
        reason,
        fromLevel: c.escalationLevel,
        toLevel: c.escalationLevel + 1,
        automatic: false,
      });
    }
    case 'share': {
      const memberId = required(action.memberId, 'memberId', 'A member');
      if (memberId === c.memberId) throw new ValidationError('The case already belongs to that member.');
      if (c.sharedWith.includes(memberId))
        throw new ValidationError('The case is already shared with that member.');
      return done({ ...c, sharedWith: [...c.sharedWith, memberId] }, 'shared', { memberId });
    }
  }
};
