import {
  canRaise,
  canSee,
  decide,
  listScope,
  statsScope,
  visibleConstituent,
  permittedOperations,
  type CaseOperation,
  type CaseRecordOperation,
  type DocumentOperation,
  type Operation,
} from './access-policy';
import { CASE_ACTION_TYPES } from './case-actions';
import type { Case } from './case';
import type { Person, Role } from './person';

/**
 * The full matrix: every role × every operation × every relationship between the person and the case.
 * Expected answers are written out as data so that a change to the policy shows up as a diff here.
 */
const person = (roles: Role[], extra: Partial<Person> = {}): Person => ({
  id: 'p-me',
  oid: '00000000-0000-4000-8000-000000000001',
  displayName: 'Me',
  email: 'me@test.example',
  roles,
  ...extra,
});

type Relationship =
  'own' | 'shared' | 'routed-to-my-department' | 'other-department' | 'unrouted' | 'unrelated';

const caseFor = (rel: Relationship): Pick<Case, 'memberId' | 'sharedWith' | 'departmentId' | 'status'> => {
  switch (rel) {
    case 'own':
      return { memberId: 'p-me', sharedWith: [], departmentId: 'dept-b', status: 'with-department' };
    case 'shared':
      return { memberId: 'p-other', sharedWith: ['p-me'], departmentId: 'dept-b', status: 'with-department' };
    case 'routed-to-my-department':
      return { memberId: 'p-other', sharedWith: [], departmentId: 'dept-a', status: 'with-department' };
    case 'other-department':
      return { memberId: 'p-other', sharedWith: [], departmentId: 'dept-b', status: 'with-department' };
    case 'unrouted':
      return { memberId: 'p-other', sharedWith: [], departmentId: null, status: 'new' };
    case 'unrelated':
      return { memberId: 'p-other', sharedWith: [], departmentId: 'dept-b', status: 'with-department' };
  }
};

const RELATIONSHIPS: Relationship[] = [
  'own',
  'shared',
  'routed-to-my-department',
  'other-department',
  'unrouted',
  'unrelated',
];
const OPERATIONS: CaseOperation[] = ['read', 'file-message', ...CASE_ACTION_TYPES];

const MEMBER_OWN = new Set<CaseOperation>([
  'read',
  'file-message',
  'follow-up',
  'agree-extension',
  'decline-extension',
  'correct',
  'close',
  'reopen',
  'share',
]);
const DEPARTMENT = new Set<CaseOperation>([
  'read',
  'file-message',
  'assign',
  'return-to-triage',
  'respond',
  'extend',
  'hold',
  'resume',
  'escalate',
]);
const SUPPORT = new Set<CaseOperation>([
  'read',
  'file-message',
  'triage',
  'assign',
  'respond',
  'extend',
  'hold',
  'resume',
  'correct',
  'close',
  'reopen',
  'escalate',
]);

/** Expected outcome for a single-role person. 'hidden' = answered as not found; 'refused' = 403. */
const expected = (role: Role, rel: Relationship, op: CaseOperation): 'allowed' | 'refused' | 'hidden' => {
  switch (role) {
    case 'Councillor':
      if (rel === 'own') return MEMBER_OWN.has(op) ? 'allowed' : 'refused';
      if (rel === 'shared') return op === 'read' ? 'allowed' : 'refused';
      return 'hidden';
    case 'DepartmentOfficer':
      if (rel === 'routed-to-my-department') return DEPARTMENT.has(op) ? 'allowed' : 'refused';
      return 'hidden';
    case 'SupportOfficer':
      return SUPPORT.has(op) ? 'allowed' : 'refused';
    case 'Administrator':
      return 'hidden';
  }
};

/** One person of each role: a department officer of the department `routed-to-my-department` cases are in. */
const ONE_OF_EACH: Record<Role, Person> = {
  Councillor: person(['Councillor']),
  DepartmentOfficer: person(['DepartmentOfficer'], { departmentId: 'dept-a' }),
  SupportOfficer: person(['SupportOfficer']),
  Administrator: person(['Administrator']),
};

const outcome = (p: Person, op: Operation, rel: Relationship) => {
  const d = decide(p, op, caseFor(rel));
  return d.allowed ? 'allowed' : d.reason === 'invisible' ? 'hidden' : 'refused';
};

type Outcome = 'allowed' | 'refused' | 'hidden';

/** Every role, relationship and one of `ops`, with the outcome `want` expects: rows for `it.each`. */
const matrix = <Op extends Operation>(
  ops: readonly Op[],
  want: (role: Role, rel: Relationship, op: Op) => Outcome,
) =>
  (Object.keys(ONE_OF_EACH) as Role[]).flatMap((role) =>
    RELATIONSHIPS.flatMap((rel) => ops.map((op) => [role, rel, op, want(role, rel, op)] as const)),
  );

describe('access policy matrix', () => {
  const people = ONE_OF_EACH;
  const rows = (Object.keys(people) as Role[]).flatMap((role) =>
    RELATIONSHIPS.flatMap((rel) => OPERATIONS.map((op) => [role, rel, op, expected(role, rel, op)] as const)),
  );

  it.each(rows)('%s on a case that is %s: %s is %s', (role, rel, op, want) => {
    expect(outcome(people[role], op, rel)).toBe(want);
  });

  it('never lets a person who cannot see a case learn that it exists through a refusal', () => {
    for (const p of Object.values(people))
      for (const rel of RELATIONSHIPS)
        for (const op of OPERATIONS) {
          const d = decide(p, op, caseFor(rel));
          if (!canSee(p, caseFor(rel))) expect(d).toEqual({ allowed: false, reason: 'invisible' });
        }
  });
});

/**
 * Case documents: filing one follows filing a message, reading them follows reading the case, and removing
 * one is for support officers and the routed department's officers, never a councillor (not even for their
 * own case: removal takes a document out of the data controller's record).
 */
const DOCUMENT_OPERATIONS: DocumentOperation[] = ['file-document', 'read-documents', 'remove-document'];
const expectedForDocuments = (
  role: Role,
  rel: Relationship,
  op: DocumentOperation,
): 'allowed' | 'refused' | 'hidden' => {
  if (op === 'file-document') return expected(role, rel, 'file-message');
  if (op === 'read-documents') return expected(role, rel, 'read');
  switch (role) {
    case 'Councillor':
      return rel === 'own' || rel === 'shared' ? 'refused' : 'hidden';
    case 'DepartmentOfficer':
      return rel === 'routed-to-my-department' ? 'allowed' : 'hidden';
    case 'SupportOfficer':
      return 'allowed';
    case 'Administrator':
      return 'hidden';
  }
};

describe('access policy matrix for case documents', () => {
  const people = ONE_OF_EACH;

  it.each(matrix(DOCUMENT_OPERATIONS, expectedForDocuments))(
    '%s on a case that is %s: %s is %s',
    (role, rel, op, want) => {
      expect(outcome(people[role], op, rel)).toBe(want);
    },
  );

  it('keeps document operations out of a case\u2019s permitted actions', () => {
    for (const p of Object.values(people))
      for (const rel of RELATIONSHIPS)
        for (const op of permittedOperations(p, caseFor(rel))) expect(DOCUMENT_OPERATIONS).not.toContain(op);
  });
});

/**
 * Internal notes are officers' only: support officers and the routed department's officers read and add them;
 * a councillor, even on their own case, is refused (and never told they exist). Linking is for those officers
 * and the case's own member; a member the case was only shared with may not.
 */
const RECORD_OPERATIONS: CaseRecordOperation[] = ['read-notes', 'add-note', 'link-cases'];
const expectedForRecord = (role: Role, rel: Relationship, op: CaseRecordOperation): Outcome =>
  op === 'link-cases' && role === 'Councillor' && rel === 'own'
    ? 'allowed'
    : // Otherwise the officers who may remove a document: support officers and the routed department's.
      expectedForDocuments(role, rel, 'remove-document');

describe('access policy matrix for internal notes and links', () => {
  it.each(matrix(RECORD_OPERATIONS, expectedForRecord))(
    '%s on a case that is %s: %s is %s',
    (role, rel, op, want) => {
      expect(outcome(ONE_OF_EACH[role], op, rel)).toBe(want);
    },
  );
});

describe('people with more than one role', () => {
  it('gives an administrator who is also a support officer all casework', () => {
    const p = person(['Administrator', 'SupportOfficer']);
    expect(decide(p, 'read', caseFor('unrelated')).allowed).toBe(true);
    expect(listScope(p)).toEqual({ kind: 'all' });
  });

  it('gives a councillor who is also a department officer their own cases and their department\u2019s', () => {
    const p = person(['Councillor', 'DepartmentOfficer'], { departmentId: 'dept-a' });
    expect(decide(p, 'follow-up', caseFor('own')).allowed).toBe(true);
    expect(decide(p, 'respond', caseFor('routed-to-my-department')).allowed).toBe(true);
    expect(decide(p, 'read', caseFor('other-department')).allowed).toBe(false);
  });

  it('does not let a department officer without a department see unrouted cases', () => {
    const p = person(['DepartmentOfficer']);
    expect(decide(p, 'read', caseFor('unrouted'))).toEqual({ allowed: false, reason: 'invisible' });
    expect(listScope(p)).toEqual({ kind: 'none' });
  });
});

describe('list scope', () => {
  it.each([
    [['Councillor'], { kind: 'member', memberId: 'p-me' }],
    [['DepartmentOfficer'], { kind: 'department', departmentId: 'dept-a' }],
    [['SupportOfficer'], { kind: 'all' }],
    [['Administrator'], { kind: 'none' }],
  ] as [Role[], object][])('scopes %j to %j', (roles, scope) => {
    expect(listScope(person(roles, { departmentId: 'dept-a' }))).toEqual(scope);
  });
});

describe('raising cases', () => {
  it.each([
    [['Councillor'], 'councillor', 'p-me', true],
    [['Councillor'], 'councillor', 'p-other', false],
    [['Councillor'], 'mp', null, false],
    [['SupportOfficer'], 'councillor', 'p-other', true],
    [['SupportOfficer'], 'mp', null, true],
    [['SupportOfficer'], 'mp', 'p-other', false],
    [['DepartmentOfficer'], 'councillor', 'p-me', false],
    [['Administrator'], 'councillor', 'p-me', false],
  ] as [Role[], 'councillor' | 'mp', string | null, boolean][])(
    '%j raising a %s case for %s: %s',
    (roles, origin, memberId, want) => {
      expect(canRaise(person(roles), origin, memberId)).toBe(want);
    },
  );
});

describe('constituent details', () => {
  const constituent = {
    name: 'Pat Resident',
    address: '1 Elm Road',
    postcode: 'WQ1 2AB',
    consentToShare: false,
  };
  const routed = { ...caseFor('routed-to-my-department'), constituent };

  it('withholds name and address from the department when the constituent did not consent', () => {
    const seen = visibleConstituent(person(['DepartmentOfficer'], { departmentId: 'dept-a' }), routed);
    expect(seen.name).not.toContain('Pat');
    expect(seen.address).not.toContain('Elm');
    expect(seen.postcode).toBe('WQ1');
  });

  it('shows the department the details when the constituent consented', () => {
    const seen = visibleConstituent(person(['DepartmentOfficer'], { departmentId: 'dept-a' }), {
      ...routed,
      constituent: { ...constituent, consentToShare: true },
    });
    expect(seen.name).toBe('Pat Resident');
  });

  it('always shows the member and support officers the details', () => {
    expect(visibleConstituent(person(['SupportOfficer']), routed).name).toBe('Pat Resident');
    expect(visibleConstituent(person(['Councillor']), { ...caseFor('own'), constituent }).name).toBe(
      'Pat Resident',
    );
  });
});

describe('statistics scope', () => {
  it.each([
    [['SupportOfficer'], 'all'],
    [['DepartmentOfficer'], 'all'],
    [['Administrator'], 'all'],
    [['Councillor'], 'member'],
    [[], 'none'],
  ] as [Role[], string][])('gives %j the %s scope', (roles, kind) => {
    expect(
      statsScope(person(roles, roles.includes('DepartmentOfficer') ? { departmentId: 'dept-a' } : {})).kind,
    ).toBe(kind);
  });

  it('limits a councillor to the cases whose member they are', () => {
    expect(statsScope(person(['Councillor']))).toEqual({ kind: 'member', memberId: 'p-me' });
  });

  it.each([['SupportOfficer'], ['DepartmentOfficer'], ['Administrator']] as [Role][])(
    'gives a councillor who is also a %s the whole council\u2019s figures',
    (role) => {
      expect(statsScope(person(['Councillor', role], { departmentId: 'dept-a' }))).toEqual({ kind: 'all' });
    },
  );
});
