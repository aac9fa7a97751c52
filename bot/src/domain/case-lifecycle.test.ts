import { CASE_STATUSES, type Case, type CaseStatus } from './case';
import { CASE_ACTION_TYPES, type CaseAction, type CaseActionType } from './case-actions';
import {
  applyAction,
  isActionPossible,
  raiseCase,
  type LifecycleContext,
  type RaiseCaseInput,
} from './case-lifecycle';
import { IllegalTransitionError, ValidationError } from './errors';
import { createSlaClock, type SlaClock } from './sla-clock';
import { DEFAULT_SLA_POLICY, parseSlaPolicy } from './sla-policy';

const england = createSlaClock(DEFAULT_SLA_POLICY);
const scotland = createSlaClock(parseSlaPolicy({ region: 'scotland' }));

/** Noon in London on a date, BST or GMT alike. */
const noon = (date: string): Date => new Date(`${date}T11:00:00Z`);
const ctx = (actorId: string, date: string, sla: SlaClock = england): LifecycleContext => ({
  actorId,
  now: noon(date),
  sla,
});

const councillorEnquiry: RaiseCaseInput = {
  kind: 'member-enquiry',
  origin: 'councillor',
  memberId: 'cllr-1',
  constituent: { name: 'A Resident', address: '1 High St', postcode: 'AB1 2CD', consentToShare: true },
  wardId: 'ward-1',
  category: 'Highways',
  title: 'Pothole outside the school',
  description: 'A deep pothole has opened outside the primary school gates.',
};

const raise = (
  date = '2026-06-01',
  sla: SlaClock = england,
  input: RaiseCaseInput = councillorEnquiry,
): Case => ({
  ...raiseCase(input, ctx('cllr-1', date, sla)).draft,
  id: 'case-1',
  ref: 'MH-2026-00001',
  version: 1,
});

/** Applies actions in order, each as `[action, actor, date]`, and returns the final case. */
const run = (c: Case, steps: readonly [CaseAction, string, string][], sla: SlaClock = england): Case =>
  steps.reduce(
    (current, [action, actor, date]) => applyAction(current, action, ctx(actor, date, sla)).next,
    c,
  );

const triage: CaseAction = { type: 'triage', departmentId: 'highways' };
const assign: CaseAction = { type: 'assign', officerId: 'officer-1' };
const respond: CaseAction = { type: 'respond', response: 'Repair booked for 12 June.' };

/** A case in each status, reached through the lifecycle itself; responded and closed on Friday 5 June 2026. */
const caseIn = (status: CaseStatus): Case => {
  const raised = raise('2026-06-01');
  const triaged = run(raised, [[triage, 'support-1', '2026-06-02']]);
  const withDepartment = run(triaged, [[assign, 'support-1', '2026-06-02']]);
  switch (status) {
    case 'new':
      return raised;
    case 'triaged':
      return triaged;
    case 'with-department':
      return withDepartment;
    case 'responded':
      return run(withDepartment, [[respond, 'officer-1', '2026-06-05']]);
    case 'on-hold':
      return run(withDepartment, [
        [{ type: 'hold', reason: 'Waiting for a site visit' }, 'officer-1', '2026-06-03'],
      ]);
    case 'closed':
      return run(withDepartment, [
        [respond, 'officer-1', '2026-06-05'],
        [{ type: 'close', reason: 'Answered' }, 'support-1', '2026-06-05'],
      ]);
  }
};

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

describe('raising a case', () => {
  it('creates a new stage-1 case with acknowledgement and response dates from the SLA clock', () => {
    const { draft, event } = raiseCase(councillorEnquiry, ctx('cllr-1', '2026-06-01'));
    expect(draft).toEqual({
      ...councillorEnquiry,
      raisedBy: 'cllr-1',
      departmentId: null,
      assignedOfficerId: null,
      priority: 'normal',
      status: 'new',
      stage: 1,
      createdAt: noon('2026-06-01').toISOString(),
      updatedAt: noon('2026-06-01').toISOString(),
      acknowledgeBy: '2026-06-03',
      respondBy: '2026-06-15',
      escalationLevel: 0,
      sharedWith: [],
    });
    expect(event).toEqual({
      type: 'raised',
      actorId: 'cllr-1',
      at: noon('2026-06-01').toISOString(),
      data: {
        kind: 'member-enquiry',
        origin: 'councillor',
        wardId: 'ward-1',
        category: 'Highways',
        priority: 'normal',
        stage: 1,
        acknowledgeBy: '2026-06-03',
        respondBy: '2026-06-15',
      },
    });
  });

  it('keeps the constituent\u2019s personal details out of the timeline event', () => {
    const { event } = raiseCase(councillorEnquiry, ctx('cllr-1', '2026-06-01'));
    expect(JSON.stringify(event)).not.toContain('A Resident');
    expect(JSON.stringify(event)).not.toContain('AB1 2CD');
  });

  it('records an MP\u2019s enquiry with the MP\u2019s name and no member', () => {
    const { draft } = raiseCase(
      { ...councillorEnquiry, origin: 'mp', mpName: ' Jo Bloggs MP ', memberId: null, priority: 'high' },
      ctx('support-1', '2026-06-01'),
    );
    expect(draft).toMatchObject({
      origin: 'mp',
      mpName: 'Jo Bloggs MP',
      memberId: null,
      raisedBy: 'support-1',
      priority: 'high',
    });
  });

  it('gives a case raised before Easter a later response date in England and Wales than in Scotland', () => {
    expect(raise('2026-04-02', england).respondBy).toBe('2026-04-20');
    expect(raise('2026-04-02', scotland).respondBy).toBe('2026-04-17');
  });

  it.each<[string, Partial<RaiseCaseInput>, string]>([
    ['an MP\u2019s enquiry without the MP\u2019s name', { origin: 'mp', memberId: null }, 'mpName'],
    ['an MP\u2019s enquiry that names a member', { origin: 'mp', mpName: 'Jo Bloggs MP' }, 'memberId'],
    ['a councillor\u2019s enquiry with an MP\u2019s name', { mpName: 'Jo Bloggs MP' }, 'mpName'],
    ['a councillor\u2019s enquiry without a member', { memberId: null }, 'memberId'],
    ['a case with a blank title', { title: '   ' }, 'title'],
  ])('refuses %s', (_label, change, path) => {
    let caught: unknown;
    try {
      raiseCase({ ...councillorEnquiry, ...change }, ctx('support-1', '2026-06-01'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((i) => i.path)).toContain(path);
  });
});

describe('which actions each status allows', () => {
  const validAction: Record<CaseActionType, CaseAction> = {
    triage,
    assign,
    respond,
    'follow-up': { type: 'follow-up', text: 'When exactly?' },
    extend: { type: 'extend', reason: 'Needs a structural survey' },
    'agree-extension': { type: 'agree-extension' },
    'decline-extension': { type: 'decline-extension' },
    hold: { type: 'hold', reason: 'Waiting for the constituent' },
    resume: { type: 'resume' },
    close: { type: 'close', reason: 'Resolved' },
    reopen: { type: 'reopen', reason: 'Not fixed after all' },
    escalate: { type: 'escalate', reason: 'Dangerous' },
    share: { type: 'share', memberId: 'cllr-2' },
    'return-to-triage': { type: 'return-to-triage', reason: 'Not ours: a county road' },
    correct: { type: 'correct', constituent: { postcode: 'WQ9 9ZZ' } },
  };

  // Rows are actions; columns follow CASE_STATUSES: new, triaged, with-department, responded, on-hold, closed.
  const Y = true;
  const N = false;
  const allowed: Record<CaseActionType, readonly boolean[]> = {
    triage: [Y, Y, Y, N, N, N],
    assign: [N, Y, Y, N, N, N],
    respond: [N, Y, Y, N, N, N],
    'follow-up': [N, N, N, Y, N, N],
    extend: [N, Y, Y, N, N, N],
    'agree-extension': [N, Y, Y, N, Y, N],
    'decline-extension': [N, Y, Y, N, Y, N],
    hold: [Y, Y, Y, N, N, N],
    resume: [N, N, N, N, Y, N],
    close: [Y, Y, Y, Y, Y, N],
    reopen: [N, N, N, N, N, Y],
    escalate: [Y, Y, Y, N, N, N],
    share: [Y, Y, Y, Y, Y, Y],
    'return-to-triage': [N, Y, Y, N, N, N],
    correct: [Y, Y, Y, Y, Y, N],
  };

  const table = CASE_ACTION_TYPES.flatMap((type) =>
    CASE_STATUSES.map((status, i) => ({ type, status, legal: allowed[type][i] === true })),
  );

  it.each(table.filter((row) => row.legal))('allows $type on a $status case', ({ type, status }) => {
    const pendingExtension =
      type === 'agree-extension' || type === 'decline-extension'
        ? {
            extension: {
              requestedBy: 'officer-1',
              requestedAt: noon('2026-06-02').toISOString(),
              reason: 'Survey',
            },
          }
        : {};
    const c = deepFreeze({ ...caseIn(status), ...pendingExtension });
    const { next, events } = applyAction(c, validAction[type], ctx('someone', '2026-06-08'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: 'someone', at: noon('2026-06-08').toISOString() });
    expect(next.updatedAt).toBe(noon('2026-06-08').toISOString());
    expect(next.version).toBe(c.version);
  });

  it.each(table.filter((row) => !row.legal))('refuses $type on a $status case', ({ type, status }) => {
    const c = caseIn(status);
    const attempt = () => applyAction(c, validAction[type], ctx('someone', '2026-06-08'));
    expect(attempt).toThrow(IllegalTransitionError);
    expect(attempt).toThrow(`A case that is ${status} cannot be given the action "${type}".`);
  });

  it('covers every action and every status', () => {
    expect(table).toHaveLength(CASE_ACTION_TYPES.length * CASE_STATUSES.length);
  });
});

describe('triage and assignment', () => {
  it('routes a new case to a department, acknowledges it and may set priority and category', () => {
    const { next, events } = applyAction(
      raise(),
      { type: 'triage', departmentId: 'highways', priority: 'urgent', category: 'Roads' },
      ctx('support-1', '2026-06-02'),
    );
    expect(next).toMatchObject({
      status: 'triaged',
      departmentId: 'highways',
      stage: 1,
      priority: 'urgent',
      category: 'Roads',
      acknowledgedAt: noon('2026-06-02').toISOString(),
    });
    expect(events[0]).toMatchObject({ type: 'triaged', data: { departmentId: 'highways', stage: 1 } });
  });

  it('keeps the first acknowledgement time when a case is re-routed to another department', () => {
    const { next, events } = applyAction(
      caseIn('with-department'),
      { type: 'triage', departmentId: 'waste' },
      ctx('support-1', '2026-06-04'),
    );
    expect(next).toMatchObject({
      status: 'triaged',
      departmentId: 'waste',
      assignedOfficerId: null,
      acknowledgedAt: noon('2026-06-02').toISOString(),
    });
    expect(events[0]?.data).toMatchObject({ departmentId: 'waste', previousDepartmentId: 'highways' });
  });

  it('keeps an assigned case with its officer when only the priority changes', () => {
    const { next } = applyAction(
      caseIn('with-department'),
      { type: 'triage', departmentId: 'highways', priority: 'high' },
      ctx('support-1', '2026-06-04'),
    );
    expect(next).toMatchObject({
      status: 'with-department',
      assignedOfficerId: 'officer-1',
      priority: 'high',
    });
  });

  it('gives a triaged case to an officer, and re-assigns it later', () => {
    const assigned = applyAction(caseIn('triaged'), assign, ctx('support-1', '2026-06-02'));
    expect(assigned.next).toMatchObject({ status: 'with-department', assignedOfficerId: 'officer-1' });
    expect(assigned.events[0]).toMatchObject({
      type: 'assigned',
      data: { officerId: 'officer-1', departmentId: 'highways' },
    });

    const reassigned = applyAction(
      assigned.next,
      { type: 'assign', officerId: 'officer-2' },
      ctx('officer-1', '2026-06-03'),
    );
    expect(reassigned.next.assignedOfficerId).toBe('officer-2');
    expect(reassigned.events[0]?.data).toMatchObject({
      officerId: 'officer-2',
      previousOfficerId: 'officer-1',
    });
  });

  it('refuses a triage without a department', () => {
    expect(() =>
      applyAction(raise(), { type: 'triage', departmentId: ' ' }, ctx('support-1', '2026-06-02')),
    ).toThrow(ValidationError);
  });
});

describe('responding and following up', () => {
  it('records the response, whether it met the target, the answering department, and opens a five-working-day follow-up window', () => {
    const { next, events } = applyAction(caseIn('with-department'), respond, ctx('officer-1', '2026-06-05'));
    expect(next).toMatchObject({
      status: 'responded',
      respondedAt: noon('2026-06-05').toISOString(),
      followUpUntil: '2026-06-12',
    });
    expect(events[0]).toMatchObject({
      type: 'responded',
      data: {
        response: 'Repair booked for 12 June.',
        withinTarget: true,
        respondBy: '2026-06-15',
        followUpUntil: '2026-06-12',
        departmentId: caseIn('with-department').departmentId,
      },
    });
  });

  it('marks a response sent after the due date as outside the target', () => {
    const { events } = applyAction(caseIn('with-department'), respond, ctx('officer-1', '2026-06-16'));
    expect(events[0]?.data).toMatchObject({ withinTarget: false });
  });

  it('sends a follow-up inside the window back to the department with a fresh response period', () => {
    const { next, events } = applyAction(
      caseIn('responded'),
      { type: 'follow-up', text: 'Which day?' },
      ctx('cllr-1', '2026-06-12'),
    );
    expect(next).toMatchObject({ status: 'with-department', stage: 1, respondBy: '2026-06-26' });
    expect(next.followUpUntil).toBeUndefined();
    expect(next.respondedAt).toBeUndefined();
    expect(events[0]).toMatchObject({
      type: 'followed-up',
      data: { text: 'Which day?', respondBy: '2026-06-26', previousRespondBy: '2026-06-15' },
    });
  });

  it('refuses a follow-up after the follow-up window has closed', () => {
    expect(() =>
      applyAction(
        caseIn('responded'),
        { type: 'follow-up', text: 'Which day?' },
        ctx('cllr-1', '2026-06-15'),
      ),
    ).toThrow(ValidationError);
  });

  it('keeps the follow-up window open a day longer over the August bank holiday in England than in Scotland', () => {
    const respondedIn = (sla: SlaClock): Case =>
      run(
        raise('2026-08-17', sla),
        [
          [triage, 'support-1', '2026-08-18'],
          [respond, 'officer-1', '2026-08-26'],
        ],
        sla,
      );
    const followUp: CaseAction = { type: 'follow-up', text: 'Still not fixed' };
    expect(respondedIn(england).followUpUntil).toBe('2026-09-03');
    expect(respondedIn(scotland).followUpUntil).toBe('2026-09-02');

    expect(applyAction(respondedIn(england), followUp, ctx('cllr-1', '2026-09-03')).next.status).toBe(
      'with-department',
    );
    expect(() => applyAction(respondedIn(england), followUp, ctx('cllr-1', '2026-09-04'))).toThrow(
      ValidationError,
    );
    expect(() => applyAction(respondedIn(scotland), followUp, ctx('cllr-1', '2026-09-03', scotland))).toThrow(
      ValidationError,
    );
  });

  it('counts the follow-up window by the London date, so a question sent at 00:30 BST is a day late', () => {
    const lateNight: LifecycleContext = {
      actorId: 'cllr-1',
      now: new Date('2026-06-12T23:30:00Z'),
      sla: england,
    };
    expect(() => applyAction(caseIn('responded'), { type: 'follow-up', text: 'Hello?' }, lateNight)).toThrow(
      ValidationError,
    );
  });
});

describe('correcting a case\u2019s details', () => {
  it('changes only the fields given and names them, never their values, in the history', () => {
    const before = caseIn('with-department');
    const { next, events } = applyAction(
      before,
      {
        type: 'correct',
        constituent: { postcode: 'WQ9 9ZZ', name: before.constituent.name },
        title: 'New title',
      },
      ctx('cllr-1', '2026-06-03'),
    );
    expect(next.constituent).toEqual({ ...before.constituent, postcode: 'WQ9 9ZZ' });
    expect(next.title).toBe('New title');
    expect(next.respondBy).toBe(before.respondBy);
    expect(events[0]).toMatchObject({
      type: 'details-corrected',
      data: { fields: ['constituent.postcode', 'title'] },
    });
    expect(JSON.stringify(events[0]?.data)).not.toContain('WQ9');
  });

  it('refuses a correction that changes nothing, or empties a required detail', () => {
    const c = caseIn('new');
    expect(() =>
      applyAction(
        c,
        { type: 'correct', constituent: { postcode: c.constituent.postcode } },
        ctx('cllr-1', '2026-06-03'),
      ),
    ).toThrow(ValidationError);
    expect(() =>
      applyAction(c, { type: 'correct', constituent: { address: '  ' } }, ctx('cllr-1', '2026-06-03')),
    ).toThrow(ValidationError);
  });
});

describe('sending a case back to triage', () => {
  it('takes the department and officer off the case and makes it new again, keeping its response date', () => {
    const before = caseIn('with-department');
    const { next, events } = applyAction(
      before,
      { type: 'return-to-triage', reason: ' Parks, not highways ' },
      ctx('officer-1', '2026-06-03'),
    );
    expect(next).toMatchObject({
      status: 'new',
      departmentId: null,
      assignedOfficerId: null,
      respondBy: before.respondBy,
    });
    expect(events[0]).toMatchObject({
      type: 'returned-to-triage',
      actorId: 'officer-1',
      data: { reason: 'Parks, not highways', departmentId: 'highways', previousOfficerId: 'officer-1' },
    });
  });

  it('refuses to send a case back without a reason', () => {
    expect(() =>
      applyAction(
        caseIn('triaged'),
        { type: 'return-to-triage', reason: ' ' },
        ctx('officer-1', '2026-06-03'),
      ),
    ).toThrow(ValidationError);
  });
});

describe('closing and reopening', () => {
  it('closes a case with the time and reason', () => {
    const { next, events } = applyAction(
      caseIn('responded'),
      { type: 'close', reason: 'Resolved' },
      ctx('support-1', '2026-06-08'),
    );
    expect(next).toMatchObject({
      status: 'closed',
      closedAt: noon('2026-06-08').toISOString(),
      closeReason: 'Resolved',
    });
    expect(events[0]).toMatchObject({
      type: 'closed',
      data: { reason: 'Resolved', fromStatus: 'responded' },
    });
  });

  it('clears the hold when a held case is closed', () => {
    const { next } = applyAction(
      caseIn('on-hold'),
      { type: 'close', reason: 'Withdrawn' },
      ctx('support-1', '2026-06-08'),
    );
    expect(next.heldFrom).toBeUndefined();
    expect(next.heldAt).toBeUndefined();
  });

  it('refuses to close without a reason', () => {
    expect(() =>
      applyAction(caseIn('responded'), { type: 'close', reason: '' }, ctx('support-1', '2026-06-08')),
    ).toThrow(ValidationError);
  });

  it('reopens a closed case within its follow-up window with a fresh response period', () => {
    const { next, events } = applyAction(
      caseIn('closed'),
      { type: 'reopen', reason: 'Not fixed' },
      ctx('cllr-1', '2026-06-10'),
    );
    expect(next).toMatchObject({ status: 'with-department', respondBy: '2026-06-24' });
    expect(next.closedAt).toBeUndefined();
    expect(next.closeReason).toBeUndefined();
    expect(events[0]).toMatchObject({
      type: 'reopened',
      data: { reason: 'Not fixed', respondBy: '2026-06-24' },
    });
  });

  it('reopens a case on the last day of its follow-up window', () => {
    const { next } = applyAction(
      caseIn('closed'),
      { type: 'reopen', reason: 'Not fixed' },
      ctx('cllr-1', '2026-06-12'),
    );
    expect(next.status).toBe('with-department');
  });

  it('refuses to reopen a case after its follow-up window has closed', () => {
    expect(() =>
      applyAction(caseIn('closed'), { type: 'reopen', reason: 'Not fixed' }, ctx('cllr-1', '2026-06-15')),
    ).toThrow(ValidationError);
  });

  it('refuses to reopen a case that was closed without a response', () => {
    const closedUnanswered = run(raise(), [
      [{ type: 'close', reason: 'Duplicate' }, 'support-1', '2026-06-02'],
    ]);
    expect(() =>
      applyAction(
        closedUnanswered,
        { type: 'reopen', reason: 'Not a duplicate' },
        ctx('support-1', '2026-06-03'),
      ),
    ).toThrow(ValidationError);
  });
});

describe('holding and resuming', () => {
  it('stops the clock on hold and remembers the status to return to', () => {
    const { next, events } = applyAction(
      caseIn('triaged'),
      { type: 'hold', reason: 'Awaiting photos' },
      ctx('officer-1', '2026-06-03'),
    );
    expect(next).toMatchObject({
      status: 'on-hold',
      heldFrom: 'triaged',
      holdReason: 'Awaiting photos',
      heldAt: noon('2026-06-03').toISOString(),
    });
    expect(england.assess(next, noon('2026-07-01')).state).toBe('stopped');
    expect(events[0]).toMatchObject({ type: 'held', data: { heldFrom: 'triaged' } });
  });

  it('pushes the response date back by the working days spent on hold when resumed', () => {
    // Held Wednesday 3 June, resumed Wednesday 10 June: five working days lost.
    const { next, events } = applyAction(
      caseIn('on-hold'),
      { type: 'resume' },
      ctx('officer-1', '2026-06-10'),
    );
    expect(next).toMatchObject({ status: 'with-department', respondBy: '2026-06-22' });
    expect(next.heldFrom).toBeUndefined();
    expect(next.holdReason).toBeUndefined();
    expect(events[0]).toMatchObject({
      type: 'resumed',
      data: { workingDaysOnHold: 5, respondBy: '2026-06-22', previousRespondBy: '2026-06-15' },
    });
  });

  it('does not count Easter Monday as time on hold in England, but does in Scotland', () => {
    const resumeAfterEaster = (sla: SlaClock) => {
      const held = run(
        raise('2026-03-30', sla),
        [
          [triage, 'support-1', '2026-03-31'],
          [{ type: 'hold', reason: 'Survey' }, 'officer-1', '2026-04-02'],
        ],
        sla,
      );
      return {
        before: held.respondBy,
        ...applyAction(held, { type: 'resume' }, ctx('officer-1', '2026-04-07', sla)),
      };
    };
    // Held Thursday 2 April, resumed Tuesday 7 April. England loses only Tuesday; Scotland Monday and Tuesday.
    const inEngland = resumeAfterEaster(england);
    const inScotland = resumeAfterEaster(scotland);
    expect(inEngland.events[0]?.data).toMatchObject({ workingDaysOnHold: 1 });
    expect(inScotland.events[0]?.data).toMatchObject({ workingDaysOnHold: 2 });
    expect([inEngland.before, inEngland.next.respondBy]).toEqual(['2026-04-15', '2026-04-16']);
    expect([inScotland.before, inScotland.next.respondBy]).toEqual(['2026-04-14', '2026-04-16']);
  });
});

describe('stage-2 extensions', () => {
  const propose: CaseAction = { type: 'extend', reason: 'Needs a structural survey' };

  it('records a proposed extension without changing the stage or the due date', () => {
    const c = caseIn('with-department');
    const { next, events } = applyAction(c, propose, ctx('officer-1', '2026-06-08'));
    expect(next).toMatchObject({
      status: 'with-department',
      stage: 1,
      respondBy: '2026-06-15',
      extension: {
        requestedBy: 'officer-1',
        requestedAt: noon('2026-06-08').toISOString(),
        reason: 'Needs a structural survey',
      },
    });
    expect(events[0]).toMatchObject({
      type: 'extension-requested',
      data: { proposedRespondBy: '2026-06-29' },
    });
  });

  it('moves to stage 2 with ten more working days only once the member agrees', () => {
    const proposed = run(caseIn('with-department'), [[propose, 'officer-1', '2026-06-08']]);
    const { next, events } = applyAction(proposed, { type: 'agree-extension' }, ctx('cllr-1', '2026-06-09'));
    expect(next).toMatchObject({
      stage: 2,
      respondBy: '2026-06-29',
      extension: { decision: 'agreed', decidedBy: 'cllr-1', decidedAt: noon('2026-06-09').toISOString() },
    });
    expect(events[0]).toMatchObject({
      type: 'extension-agreed',
      data: { stage: 2, respondBy: '2026-06-29' },
    });
  });

  it('stays at stage 1 with the same due date when the member declines', () => {
    const proposed = run(caseIn('with-department'), [[propose, 'officer-1', '2026-06-08']]);
    const { next, events } = applyAction(
      proposed,
      { type: 'decline-extension' },
      ctx('cllr-1', '2026-06-09'),
    );
    expect(next).toMatchObject({ stage: 1, respondBy: '2026-06-15', extension: { decision: 'declined' } });
    expect(events[0]?.type).toBe('extension-declined');
  });

  it('refuses a second proposal while one is waiting for the member', () => {
    const proposed = run(caseIn('with-department'), [[propose, 'officer-1', '2026-06-08']]);
    expect(() => applyAction(proposed, propose, ctx('officer-1', '2026-06-09'))).toThrow(ValidationError);
  });

  it('allows a new proposal after the member declined one', () => {
    const declined = run(caseIn('with-department'), [
      [propose, 'officer-1', '2026-06-08'],
      [{ type: 'decline-extension' }, 'cllr-1', '2026-06-09'],
    ]);
    expect(
      applyAction(declined, propose, ctx('officer-1', '2026-06-10')).next.extension?.decision,
    ).toBeUndefined();
  });

  it('refuses to extend a case already at stage 2', () => {
    const agreed = run(caseIn('with-department'), [
      [propose, 'officer-1', '2026-06-08'],
      [{ type: 'agree-extension' }, 'cllr-1', '2026-06-09'],
    ]);
    expect(() => applyAction(agreed, propose, ctx('officer-1', '2026-06-10'))).toThrow(ValidationError);
  });

  it('refuses to agree or decline when no extension was proposed', () => {
    const c = caseIn('with-department');
    expect(() => applyAction(c, { type: 'agree-extension' }, ctx('cllr-1', '2026-06-09'))).toThrow(
      ValidationError,
    );
    expect(() => applyAction(c, { type: 'decline-extension' }, ctx('cllr-1', '2026-06-09'))).toThrow(
      ValidationError,
    );
  });

  it('gives a new due date that the SLA sweep warns about afresh', () => {
    const warned = england.slaSweep(caseIn('with-department'), noon('2026-06-11'))!.next;
    const extended = run(warned, [
      [propose, 'officer-1', '2026-06-11'],
      [{ type: 'agree-extension' }, 'cllr-1', '2026-06-11'],
    ]);
    expect(england.slaSweep(extended, noon('2026-06-11'))).toBeNull();
    expect(england.slaSweep(extended, noon('2026-06-25'))?.events.map((e) => e.type)).toEqual([
      'sla-warning',
    ]);
  });
});

describe('escalating and sharing', () => {
  it('raises the escalation level by one', () => {
    const { next, events } = applyAction(
      caseIn('triaged'),
      { type: 'escalate', reason: 'Unsafe' },
      ctx('officer-1', '2026-06-03'),
    );
    expect(next.escalationLevel).toBe(1);
    expect(events[0]).toMatchObject({
      type: 'escalated',
      data: { fromLevel: 0, toLevel: 1, automatic: false },
    });
  });

  it('refuses to escalate beyond the policy\u2019s highest level', () => {
    const top = { ...caseIn('triaged'), escalationLevel: 3 };
    expect(() =>
      applyAction(top, { type: 'escalate', reason: 'Again' }, ctx('officer-1', '2026-06-03')),
    ).toThrow(ValidationError);
  });

  it('shares a case with another member once', () => {
    const { next, events } = applyAction(
      caseIn('triaged'),
      { type: 'share', memberId: 'cllr-2' },
      ctx('cllr-1', '2026-06-03'),
    );
    expect(next.sharedWith).toEqual(['cllr-2']);
    expect(events[0]).toMatchObject({ type: 'shared', data: { memberId: 'cllr-2' } });
    expect(() =>
      applyAction(next, { type: 'share', memberId: 'cllr-2' }, ctx('cllr-1', '2026-06-04')),
    ).toThrow(ValidationError);
  });

  it('refuses to share a case with its own member', () => {
    expect(() =>
      applyAction(caseIn('triaged'), { type: 'share', memberId: 'cllr-1' }, ctx('cllr-1', '2026-06-03')),
    ).toThrow(ValidationError);
  });
});

describe('purity', () => {
  it('never changes the case it is given', () => {
    const c = caseIn('with-department');
    const before = structuredClone(c);
    applyAction(c, { type: 'share', memberId: 'cllr-2' }, ctx('cllr-1', '2026-06-03'));
    applyAction(c, { type: 'hold', reason: 'Wait' }, ctx('officer-1', '2026-06-03'));
    applyAction(c, { type: 'extend', reason: 'Survey' }, ctx('officer-1', '2026-06-03'));
    expect(c).toEqual(before);
  });

  it('runs a case through its whole life with a sweep that raises each notice only once', () => {
    let c = run(raise('2026-06-01'), [
      [triage, 'support-1', '2026-06-01'],
      [assign, 'support-1', '2026-06-02'],
    ]);
    const sweeps: string[] = [];
    for (const date of [
      '2026-06-10',
      '2026-06-11',
      '2026-06-12',
      '2026-06-16',
      '2026-06-17',
      '2026-06-22',
      '2026-06-22',
    ]) {
      const result = england.slaSweep(c, noon(date));
      if (result) {
        sweeps.push(...result.events.map((e) => `${date} ${e.type}`));
        c = result.next;
      }
    }
    expect(sweeps).toEqual([
      '2026-06-11 sla-warning',
      '2026-06-16 sla-breached',
      '2026-06-16 escalated',
      '2026-06-22 escalated',
    ]);
    c = run(c, [[respond, 'officer-1', '2026-06-23']]);
    expect(england.slaSweep(c, noon('2026-06-24'))).toBeNull();
  });
});

describe('isActionPossible', () => {
  const base = {
    status: 'responded',
    stage: 1,
    followUpUntil: '2026-11-30',
    extension: undefined,
  } as unknown as Parameters<typeof isActionPossible>[0];

  it('offers a follow-up only while the window is open', () => {
    expect(isActionPossible(base, 'follow-up', '2026-11-30')).toBe(true);
    expect(isActionPossible(base, 'follow-up', '2026-12-01')).toBe(false);
  });

  it('offers no answer to an extension nobody asked for', () => {
    const open = { ...base, status: 'with-department' } as typeof base;
    expect(isActionPossible(open, 'agree-extension', '2026-11-23')).toBe(false);
    expect(isActionPossible(open, 'extend', '2026-11-23')).toBe(true);
    const asked = {
      ...open,
      extension: { requestedBy: 'p', requestedAt: '2026-11-20T10:00:00Z', reason: 'complex' },
    } as typeof base;
    expect(isActionPossible(asked, 'agree-extension', '2026-11-23')).toBe(true);
    expect(isActionPossible(asked, 'extend', '2026-11-23')).toBe(false);
  });

  it('refuses what the status does not allow', () => {
    expect(isActionPossible({ ...base, status: 'new' }, 'respond', '2026-11-23')).toBe(false);
  });
});

describe('who answered', () => {
  it('makes the officer who answers a case nobody was assigned to its officer', () => {
    const routed = run(raise(), [[triage, 'support-1', '2026-06-01']]);
    expect(routed.assignedOfficerId).toBeNull();
    const answered = applyAction(routed, respond, ctx('officer-2', '2026-06-03')).next;
    expect(answered.assignedOfficerId).toBe('officer-2');
  });

  it('keeps the officer the case was assigned to when a colleague answers it', () => {
    const assigned = run(raise(), [
      [triage, 'support-1', '2026-06-01'],
      [assign, 'support-1', '2026-06-01'],
    ]);
    expect(applyAction(assigned, respond, ctx('officer-2', '2026-06-03')).next.assignedOfficerId).toBe(
      'officer-1',
    );
  });
});
