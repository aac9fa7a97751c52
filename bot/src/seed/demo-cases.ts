import type { Case, CaseEventDraft, CaseKind, Constituent, NewCase, Priority } from '../domain/case';
import type { CaseAction } from '../domain/case-actions';
import { applyAction, raiseCase } from '../domain/case-lifecycle';
import { DomainError } from '../domain/errors';
import type { PersonId } from '../domain/ids';
import type { Person } from '../domain/person';
import { createSlaClock, type SlaClock } from '../domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../domain/sla-policy';
import { addCalendarDays, addWorkingDays, isWorkingDay, londonDate } from '../domain/working-days';
import { DEMO_COUNCIL } from './demo-council';

/** Deterministic PRNG (mulberry32): the same seed gives the same council history on every machine. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
};
const chance = (rng: Rng, p: number): boolean => rng() < p;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const STREETS = [
  'Harrow Close',
  'Larkspur Avenue',
  'Mill Lane',
  'Orchard Way',
  'Church Street',
  'Kestrel Drive',
  'Station Road',
  'Willowmead',
  'Beacon Hill Road',
  'Pennant Crescent',
  'Foxglove Close',
  'Tanners Row',
  'Quarry Lane',
  'Abbots Walk',
  'Ridgeway Gardens',
  'Brookside',
  'Cooper Street',
  'Heron Court',
  'Sandpiper Way',
  'Linnet Grove',
  'Marsh Lane',
  'Fairfield Road',
  'Chapel Row',
  'Old Forge Lane',
  'Rowan Terrace',
];
const FIRST_NAMES = [
  'Janet',
  'Michael',
  'Aisha',
  'Peter',
  'Gwen',
  'Tom',
  'Harriet',
  'Imran',
  'Carol',
  'Stuart',
  'Megan',
  'Ravi',
  'Doreen',
  'Liam',
  'Siobhan',
  'Kwame',
  'Pauline',
  'Gareth',
  'Zofia',
  'Neil',
  'Olivia',
  'Bernard',
  'Chloe',
  'Tariq',
];
const SURNAMES = [
  'Bramblecote',
  'Westerby',
  'Fairholme',
  'Ketteridge',
  'Moorcroft-Lyle',
  'Ashbourne-Pike',
  'Thornycroft',
  'Pellingham',
  'Greenhalgh-Vane',
  'Stockley-Rae',
  'Dunmore-Haig',
  'Larchfield',
  'Penwarden',
  'Coldicutt-Ray',
  'Harbinson-Lowe',
  'Wetherell-Quin',
  'Baxendale',
  'Elmhirst-Cole',
];
/** Fictional MPs for the constituencies that overlap the county. */
export const DEMO_MPS = ['Sir Peter Ambrose MP', 'Ms Caroline Ashdell MP', 'Mr Jonathan Wrexley MP'];

type Template = { title: string; description: string };
type Topic = { departmentId: string; category: string; templates: readonly Template[] };

/** What residents write to their councillors about, by department. `{street}` is filled in per case. */
export const TOPICS: readonly Topic[] = [
  {
    departmentId: 'dept-highways',
    category: 'Drainage and flooding',
    templates: [
      {
        title: 'Blocked drain on {street} flooding the footway',
        description:
          'The gully outside number {n} has been blocked for weeks. After any rain the footway floods and pedestrians have to step into the road. Residents ask for the drain to be jetted and the gully cleared.',
      },
      {
        title: 'Surface water pooling at the junction of {street}',
        description:
          'A large pool forms across the junction after rain and passing vehicles splash people waiting at the bus stop.',
      },
    ],
  },
  {
    departmentId: 'dept-highways',
    category: 'Roads and pavements',
    templates: [
      {
        title: 'Deep pothole outside {n} {street}',
        description:
          'A pothole roughly a foot across has opened in the carriageway. A cyclist came off last week. Residents ask when it will be repaired.',
      },
      {
        title: 'Uneven paving slabs on {street}',
        description:
          'Several raised slabs are a trip hazard for older residents walking to the shops. A resident using a walking frame has complained.',
      },
      {
        title: 'Request for a pedestrian crossing on {street}',
        description:
          'Parents walking to the primary school have to cross a busy road with no crossing point. They ask the council to assess the site for a zebra crossing.',
      },
    ],
  },
  {
    departmentId: 'dept-highways',
    category: 'Street lighting',
    templates: [
      {
        title: 'Street light out on {street}',
        description:
          'The column outside number {n} has been out for three weeks and the footpath is very dark in the evenings.',
      },
    ],
  },
  {
    departmentId: 'dept-highways',
    category: 'Parking',
    templates: [
      {
        title: 'Residents\u2019 parking scheme request for {street}',
        description:
          'Commuters park all day and residents cannot park near their homes. Residents ask how to apply for a permit scheme.',
      },
    ],
  },
  {
    departmentId: 'dept-waste',
    category: 'Bin collections',
    templates: [
      {
        title: 'Missed bin collections on {street}',
        description:
          'Recycling has been missed on the last three collection days for most of the street. Bins are overflowing and attracting foxes.',
      },
      {
        title: 'Assisted bin collection request at {n} {street}',
        description:
          'An elderly resident can no longer take the bin to the kerb and asks to be added to the assisted collection list.',
      },
    ],
  },
  {
    departmentId: 'dept-waste',
    category: 'Fly-tipping',
    templates: [
      {
        title: 'Fly-tipping in the lane behind {street}',
        description:
          'Mattresses and builders\u2019 rubble have been dumped in the back lane. Residents ask for removal and whether there is any evidence to follow up.',
      },
    ],
  },
  {
    departmentId: 'dept-waste',
    category: 'Grounds and verges',
    templates: [
      {
        title: 'Overgrown verge blocking sight lines on {street}',
        description:
          'The verge at the bend has not been cut this season and drivers pulling out cannot see oncoming traffic.',
      },
    ],
  },
  {
    departmentId: 'dept-adult-care',
    category: 'Care assessments',
    templates: [
      {
        title: 'Delay in a care needs assessment for a resident on {street}',
        description:
          'A resident in their eighties was referred for a care needs assessment two months ago and has heard nothing. The family ask for a date.',
      },
      {
        title: 'Home care visits missed for a resident on {street}',
        description:
          'The care provider has missed several morning visits. The family are worried and ask the council to review the care package.',
      },
    ],
  },
  {
    departmentId: 'dept-adult-care',
    category: 'Adaptations',
    templates: [
      {
        title: 'Stairlift and grab rails request for {n} {street}',
        description:
          'A resident recovering from a fall asks for an occupational therapy visit about adaptations to stay safely at home.',
      },
    ],
  },
  {
    departmentId: 'dept-childrens',
    category: 'Early help',
    templates: [
      {
        title: 'Family on {street} asking for early help support',
        description:
          'A parent has asked the councillor how to get family support after a difficult year. They would like to know what early help is available locally.',
      },
    ],
  },
  {
    departmentId: 'dept-childrens',
    category: 'SEND',
    templates: [
      {
        title: 'EHC plan review overdue for a child on {street}',
        description:
          'The annual review of a child\u2019s education, health and care plan is several months late. The parents ask for a date and a named caseworker.',
      },
    ],
  },
  {
    departmentId: 'dept-education',
    category: 'School transport',
    templates: [
      {
        title: 'School transport for a child with SEND on {street}',
        description:
          'A child with special educational needs has been offered a place at a school eight miles away. The parents ask whether the child is eligible for school transport.',
      },
      {
        title: 'School bus not stopping at {street}',
        description:
          'Since the new term the school bus no longer stops on the estate and pupils walk along an unlit lane.',
      },
    ],
  },
  {
    departmentId: 'dept-education',
    category: 'School admissions',
    templates: [
      {
        title: 'Secondary school place appeal for a family on {street}',
        description:
          'A family did not get any of their preferred schools and ask for help understanding the appeals process and timetable.',
      },
    ],
  },
  {
    departmentId: 'dept-planning',
    category: 'Planning applications',
    templates: [
      {
        title: 'Objections to the development proposed off {street}',
        description:
          'Residents are concerned about traffic and drainage from the proposed development and ask how to make their views known before the committee meets.',
      },
      {
        title: 'Possible breach of planning conditions on {street}',
        description:
          'Construction work is starting before 8am, outside the permitted hours. Residents ask for enforcement officers to visit.',
      },
    ],
  },
  {
    departmentId: 'dept-planning',
    category: 'Regeneration',
    templates: [
      {
        title: 'Empty shop units on {street}',
        description:
          'Several units on the parade have been empty for over a year. Traders ask what regeneration funding is available.',
      },
    ],
  },
];

/** A fictional constituent living in `district` (e.g. `WQ4`); about 70% consent to sharing their details. */
const constituentFor = (rng: Rng, street: string, n: number, district: string): Constituent => {
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, SURNAMES);
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const unit = `${pick(rng, [...letters])}${pick(rng, [...letters])}`;
  const withEmail = chance(rng, 0.6);
  return {
    name: `${first} ${last}`,
    ...(withEmail ? { email: `${first.toLowerCase()}.${last.toLowerCase()}@mail.example` } : {}),
    ...(!withEmail || chance(rng, 0.3) ? { phone: `01632 ${String(int(rng, 960000, 960999))}` } : {}),
    address: `${n} ${street}`,
    postcode: `${district} ${int(rng, 1, 9)}${unit}`,
    consentToShare: chance(rng, 0.7),
  };
};

/** One demo case with its whole history, every step produced by the real lifecycle and SLA clock. */
export interface DemoCase {
  /** The case as raised, for `CaseStore.create`. */
  draft: NewCase;
  /** The `raised` event that goes with the draft. */
  raised: CaseEventDraft;
  /** Everything that happened after raising, oldest first. */
  events: CaseEventDraft[];
  /** The case as it stands at `now`, after every event. */
  final: NewCase;
}

export interface GenerateDemoCasesOptions {
  /**
   * The moment the demo is started. The history leads up to the end of the day before it (in London), so the
   * cases depend only on the day, not the hour: no event is later than `now`, and every start on the same day
   * gives the same council.
   */
  now: Date;
  /** Defaults to 300. */
  count?: number | undefined;
  /** PRNG seed; the same seed, count and `now` give the same cases. Defaults to 20240601. */
  seed?: number | undefined;
  /** Defaults to the policy in DESIGN.md. */
  sla?: SlaClock | undefined;
}

const MS_PER_DAY = 86_400_000;
/** How far back the demo history goes: about 18 months. */
const HISTORY_DAYS = 548;

type Who = 'member' | 'support' | 'officer';
/** One scripted step: after `wd` working days (0 = later the same day), `who` does `action`. */
type Step = { wd: readonly [number, number]; who: Who; action: CaseAction };

const plusDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);

/** An instant in office hours (08:30 to 16:30 UTC: inside the working day in GMT and BST) on `date`. */
const officeHours = (rng: Rng, date: string): Date =>
  new Date(Date.parse(`${date}T08:30:00Z`) + Math.floor(rng() * 8 * 60) * 60_000);

const RESPONSES = [
  'The department has inspected the site and scheduled the work; the resident will be told the date.',
  'An officer has spoken to the resident, explained the options and sent the details in writing.',
  'The matter has been investigated; the findings and next steps are set out in the attached letter.',
  'The service has put the request on its programme and will contact the resident directly.',
];
const HOLD_REASONS = [
  'Waiting for information from the resident.',
  'Waiting for a contractor\u2019s site report.',
  'Linked legal advice awaited.',
];
const EXTEND_REASONS = [
  'The matter involves a partner organisation and needs a joint visit.',
  'A complex case needing records from several teams.',
];
const FOLLOW_UPS = [
  'The resident says nothing has happened yet; can the department give a date?',
  'Thank you. Could the department confirm whether neighbouring properties are affected too?',
];
const CLOSE_REASONS = [
  'Response accepted by the member.',
  'Resolved; no further questions within the follow-up window.',
];

type Scenario =
  | 'standard'
  | 'late'
  | 'follow-up'
  | 'extension-agreed'
  | 'extension-declined'
  | 'hold-resume'
  | 'hold-stays'
  | 'reopen'
  | 'stalled'
  | 'stalled-assigned'
  | 'stalled-untriaged'
  | 'left-responded'
  | 'withdrawn';

/** Relative weights; MPs' enquiries skip the scenarios that need the member's own answer. */
const SCENARIOS: readonly (readonly [Scenario, number, boolean])[] = [
  ['standard', 38, true],
  ['late', 10, true],
  ['follow-up', 8, false],
  ['extension-agreed', 6, false],
  ['extension-declined', 4, false],
  ['hold-resume', 5, true],
  ['hold-stays', 3, true],
  ['reopen', 5, true],
  ['stalled', 7, true],
  ['stalled-untriaged', 2, true],
  ['left-responded', 6, true],
  ['withdrawn', 2, true],
];

const chooseScenario = (rng: Rng, mp: boolean): Scenario => {
  const options = SCENARIOS.filter(([, , forMp]) => !mp || forMp);
  let r = rng() * options.reduce((sum, [, w]) => sum + w, 0);
  for (const [scenario, weight] of options) {
    r -= weight;
    if (r < 0) return scenario;
  }
  return 'standard';
};

const scriptFor = (
  rng: Rng,
  scenario: Scenario,
  departmentId: string,
  officerId: PersonId,
  sharedWith?: PersonId,
): Step[] => {
  const triage: Step = { wd: [0, 2], who: 'support', action: { type: 'triage', departmentId } };
  const assign: Step = { wd: [0, 2], who: 'officer', action: { type: 'assign', officerId } };
  const respond = (wd: readonly [number, number]): Step => ({
    wd,
    who: 'officer',
    action: { type: 'respond', response: pick(rng, RESPONSES) },
  });
  const close = (wd: readonly [number, number]): Step => ({
    wd,
    who: 'support',
    action: { type: 'close', reason: pick(rng, CLOSE_REASONS) },
  });
  const start: Step[] = [
    ...(sharedWith !== undefined
      ? [{ wd: [0, 0], who: 'member', action: { type: 'share', memberId: sharedWith } } as const]
      : []),
    triage,
    assign,
  ];
  switch (scenario) {
    case 'standard':
      return [...start, respond([2, 7]), close([5, 8])];
    case 'late': {
      const escalateByHand: Step[] = chance(rng, 0.3)
        ? [
            {
              wd: [10, 11],
              who: 'support',
              action: { type: 'escalate', reason: 'Member chased twice; no reply yet.' },
            },
          ]
        : [];
      return [...start, ...escalateByHand, respond([12, 20]), close([5, 8])];
    }
    case 'follow-up':
      return [
        ...start,
        respond([2, 7]),
        { wd: [1, 4], who: 'member', action: { type: 'follow-up', text: pick(rng, FOLLOW_UPS) } },
        respond([1, 6]),
        close([5, 8]),
      ];
    case 'extension-agreed':
    case 'extension-declined':
      return [
        ...start,
        { wd: [2, 5], who: 'officer', action: { type: 'extend', reason: pick(rng, EXTEND_REASONS) } },
        {
          wd: [0, 2],
          who: 'member',
          action: { type: scenario === 'extension-agreed' ? 'agree-extension' : 'decline-extension' },
        },
        respond(scenario === 'extension-agreed' ? [5, 15] : [1, 4]),
        close([5, 8]),
      ];
    case 'hold-resume':
      return [
        ...start,
        { wd: [1, 4], who: 'officer', action: { type: 'hold', reason: pick(rng, HOLD_REASONS) } },
        { wd: [3, 12], who: 'officer', action: { type: 'resume' } },
        respond([1, 6]),
        close([5, 8]),
      ];
    case 'hold-stays':
      return [
        ...start,
        { wd: [1, 4], who: 'officer', action: { type: 'hold', reason: pick(rng, HOLD_REASONS) } },
      ];
    case 'reopen':
      return [
        ...start,
        respond([2, 7]),
        close([1, 2]),
        {
          wd: [1, 2],
          who: 'member',
          action: { type: 'reopen', reason: 'The resident reports the problem has come back.' },
        },
        respond([2, 6]),
        close([5, 8]),
      ];
    case 'stalled':
      return chance(rng, 0.4) ? [...start.slice(0, -1)] : start;
    case 'stalled-assigned':
      return start;
    case 'stalled-untriaged':
      return [];
    case 'left-responded':
      return [...start, respond([2, 8])];
    case 'withdrawn':
      return [
        ...start.slice(0, -1),
        {
          wd: [1, 3],
          who: 'support',
          action: { type: 'close', reason: 'Withdrawn: the resident says it is resolved.' },
        },
      ];
  }
};

const KINDS: readonly (readonly [CaseKind, number])[] = [
  ['member-enquiry', 0.75],
  ['service-request', 0.17],
  ['complaint', 0.08],
];
const PRIORITY_ODDS: readonly (readonly [Priority, number])[] = [
  ['low', 0.1],
  ['normal', 0.7],
  ['high', 0.15],
  ['urgent', 0.05],
];
const weighted = <T>(rng: Rng, options: readonly (readonly [T, number])[]): T => {
  let r = rng();
  for (const [value, p] of options) {
    r -= p;
    if (r < 0) return value;
  }
  const last = options[options.length - 1];
  if (last === undefined) throw new RangeError('no options');
  return last[0];
};

/** The councillor the demo script signs in as first; owns the "Blocked drain on Elm Road" case. */
export const FIRST_COUNCILLOR: PersonId = 'p-cllr-01';

const councillors = (): Person[] => DEMO_COUNCIL.people.filter((p) => p.roles.includes('Councillor'));
const supportOfficers = (): Person[] => DEMO_COUNCIL.people.filter((p) => p.roles.includes('SupportOfficer'));
const officersOf = (departmentId: string): Person[] =>
  DEMO_COUNCIL.people.filter((p) => p.roles.includes('DepartmentOfficer') && p.departmentId === departmentId);

/**
 * The end of the demo history for a start at `now`: 23:00 UTC on the day before, which is midnight or an hour
 * before it in London (BST or GMT), so it depends on the day alone and is never later than `now`.
 */
export const historyEndFor = (now: Date): Date =>
  new Date(`${addCalendarDays(londonDate(now), -1)}T23:00:00Z`);

/** A working day (council calendar) chosen uniformly over the history, strictly before `end` in office hours. */
const creationInstant = (rng: Rng, end: Date, sla: SlaClock, maxDaysBack: number, minDaysBack = 0): Date => {
  const today = londonDate(end);
  for (;;) {
    const date = plusDays(today, -int(rng, minDaysBack, maxDaysBack));
    if (!isWorkingDay(date, sla.policy.region)) continue;
    const at = officeHours(rng, date);
    if (at.getTime() < end.getTime()) return at;
  }
};

/** The working day `n` working days (n >= 1) before `date`. */
const workingDaysBefore = (date: string, n: number, sla: SlaClock): string => {
  let current = date;
  for (let left = n; left > 0;) {
    current = plusDays(current, -1);
    if (isWorkingDay(current, sla.policy.region)) left -= 1;
  }
  return current;
};

/**
 * How many working days before the start day a case still being worked on was raised, taken in turn (so every
 * start day gets the same mix). The response target is 10 working days and "due soon" its last 2, so of seven
 * cases in hand five are on track, one due soon and one overdue: the council a new user should see on the day
 * they first start the demo, whatever that day is. New cases waiting for triage are mostly from this week.
 */
const OPEN_AGES = {
  untriaged: [
    [1, 3],
    [1, 3],
    [1, 2],
    [2, 4],
    [1, 3],
    [5, 9],
    [12, 16],
  ],
  'in-hand': [
    [2, 7],
    [2, 7],
    [8, 10],
    [2, 7],
    [2, 7],
    [11, 24],
    [2, 7],
  ],
  'on-hold': [[5, 40]],
  answered: [[4, 9]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;
type OpenAges = keyof typeof OPEN_AGES;

/** Raising instants for cases that stay open, each kind taking its ages in turn. */
const openCaseInstants = (start: Date, sla: SlaClock) => {
  const taken: Record<OpenAges, number> = { untriaged: 0, 'in-hand': 0, 'on-hold': 0, answered: 0 };
  return (rng: Rng, ages: OpenAges): Date => {
    const cycle: readonly (readonly [number, number])[] = OPEN_AGES[ages];
    const [min, max] = cycle[taken[ages] % cycle.length] ?? [1, 1];
    taken[ages] += 1;
    return officeHours(rng, workingDaysBefore(londonDate(start), int(rng, min, max), sla));
  };
};

interface Subject {
  member: Person | null;
  mpName?: string;
  raisedBy: Person;
  wardId: string;
  kind: CaseKind;
  priority: Priority;
  title: string;
  description: string;
  category: string;
  departmentId: string;
  constituent: Constituent;
  sharedWith?: PersonId;
}

const subjectFor = (rng: Rng, index: number): Subject => {
  const support = pick(rng, supportOfficers());
  const mp = index > 0 && chance(rng, 0.15);
  const member = mp
    ? null
    : index === 0
      ? (councillors().find((c) => c.id === FIRST_COUNCILLOR) ?? null)
      : pick(rng, councillors());
  const wardId = member ? pick(rng, member.wardIds ?? []) : pick(rng, DEMO_COUNCIL.wards).id;
  const ward = DEMO_COUNCIL.wards.find((w) => w.id === wardId);
  if (!ward) throw new RangeError(`Unknown ward ${wardId}`);
  // The first case is the one the demo script asks the bot about: "Blocked drain on Elm Road".
  const topic = index === 0 ? TOPICS[0] : pick(rng, TOPICS);
  if (!topic) throw new RangeError('no topics');
  const template = index === 0 ? topic.templates[0] : pick(rng, topic.templates);
  if (!template) throw new RangeError('no templates');
  const street = index === 0 ? 'Elm Road' : pick(rng, STREETS);
  const n = int(rng, 1, 140);
  const fill = (s: string): string => s.replaceAll('{street}', street).replaceAll('{n}', String(n));
  const colleagues = member
    ? councillors().filter((c) => c.id !== member.id && (c.wardIds ?? []).some((w) => w === wardId))
    : [];
  const colleague = colleagues.length > 0 && chance(rng, 0.12) ? pick(rng, colleagues) : undefined;
  return {
    member,
    ...(mp ? { mpName: pick(rng, DEMO_MPS) } : {}),
    raisedBy: member && chance(rng, 0.6) ? member : support,
    wardId,
    kind: index === 0 ? 'member-enquiry' : weighted(rng, KINDS),
    priority: index === 0 ? 'high' : weighted(rng, PRIORITY_ODDS),
    title: fill(template.title),
    description: fill(template.description),
    category: topic.category,
    departmentId: topic.departmentId,
    constituent: constituentFor(rng, street, n, pick(rng, ward.postcodePrefixes)),
    ...(colleague ? { sharedWith: colleague.id } : {}),
  };
};

/**
 * Replays one case's history up to `now` (the end of the history), letting the SLA job run each working morning
 * in between; `start` is the moment the demo is started, which ages of open cases count back from.
 */
const simulate = (
  rng: Rng,
  index: number,
  start: Date,
  now: Date,
  sla: SlaClock,
  openCaseInstant: ReturnType<typeof openCaseInstants>,
): DemoCase => {
  const subject = subjectFor(rng, index);
  const officer = pick(rng, officersOf(subject.departmentId));
  const support = pick(rng, supportOfficers());
  const scenario: Scenario = index === 0 ? 'stalled-assigned' : chooseScenario(rng, subject.member === null);
  // The first case is recent and with the department, on track. Cases whose story stops while open are raised
  // recently enough that most are on track on the start day (OPEN_AGES); the rest spread over the history.
  const createdAt =
    index === 0
      ? officeHours(rng, workingDaysBefore(londonDate(start), int(rng, 5, 6), sla))
      : scenario === 'stalled'
        ? openCaseInstant(rng, 'in-hand')
        : scenario === 'stalled-untriaged'
          ? openCaseInstant(rng, 'untriaged')
          : scenario === 'hold-stays'
            ? openCaseInstant(rng, 'on-hold')
            : scenario === 'left-responded'
              ? openCaseInstant(rng, 'answered')
              : creationInstant(rng, now, sla, HISTORY_DAYS);
  const actorFor = (who: Who): PersonId =>
    who === 'member' ? (subject.member?.id ?? support.id) : who === 'officer' ? officer.id : support.id;

  const raisedResult = raiseCase(
    {
      kind: subject.kind,
      origin: subject.member === null ? 'mp' : 'councillor',
      mpName: subject.mpName,
      memberId: subject.member?.id ?? null,
      constituent: subject.constituent,
      wardId: subject.wardId,
      category: subject.category,
      priority: subject.priority,
      title: subject.title,
      description: subject.description,
    },
    { actorId: subject.raisedBy.id, now: createdAt, sla },
  );
  // The lifecycle works on stored cases; these placeholders are replaced by the store's own on seeding.
  let current: Case = { ...raisedResult.draft, id: `demo-${index}`, ref: `DEMO-${index}`, version: 1 };
  let last = createdAt;
  const events: CaseEventDraft[] = [];

  const sweepUntil = (until: Date): void => {
    // The SLA job runs at 06:00 UTC on each working day after the last event, up to `until`.
    const maxLevel = sla.policy.escalationWorkingDaysAfterBreach.length;
    for (let day = plusDays(londonDate(last), 1); ; day = plusDays(day, 1)) {
      const at = new Date(`${day}T06:00:00Z`);
      if (at.getTime() >= until.getTime()) return;
      if (current.status === 'closed' || current.status === 'responded' || current.status === 'on-hold')
        return;
      const settled =
        current.escalationLevel >= maxLevel &&
        current.slaNotice?.kind === 'overdue' &&
        current.slaNotice.forRespondBy === current.respondBy;
      if (settled) return;
      if (!isWorkingDay(day, sla.policy.region) || day < plusDays(current.respondBy, -14)) continue;
      const swept = sla.slaSweep(current, at);
      if (swept) {
        current = swept.next;
        events.push(...swept.events);
        last = at;
      }
    }
  };

  for (const step of scriptFor(rng, scenario, subject.departmentId, officer.id, subject.sharedWith)) {
    const wd = int(rng, step.wd[0], step.wd[1]);
    const at =
      wd === 0
        ? new Date(last.getTime() + int(rng, 5, 90) * 60_000)
        : officeHours(rng, addWorkingDays(londonDate(last), wd, sla.policy.region));
    if (at.getTime() > now.getTime()) break;
    sweepUntil(at);
    try {
      const result = applyAction(current, step.action, { actorId: actorFor(step.who), now: at, sla });
      current = result.next;
      events.push(...result.events);
      last = at;
    } catch (error) {
      // The lifecycle is the authority: a step its rules refuse (e.g. a follow-up whose window a bank holiday
      // moved) ends this case's story where it stands, as it would for a real member.
      if (error instanceof DomainError) break;
      throw error;
    }
  }
  sweepUntil(now);

  const { id: _id, ref: _ref, version: _version, ...final } = current;
  return { draft: raisedResult.draft, raised: raisedResult.event, events, final };
};

/**
 * A deterministic history of demo cases for the demo council, oldest first: each is raised and moved through
 * the real lifecycle (`raiseCase`, `applyAction`) and SLA clock (`slaSweep`), so every case obeys the rules.
 * Creation dates fall on working days over the 18 months before the start day, and the history ends with the
 * day before it (`historyEndFor`): the same day gives the same cases at any hour.
 */
export const generateDemoCases = (options: GenerateDemoCasesOptions): DemoCase[] => {
  const sla = options.sla ?? createSlaClock(DEFAULT_SLA_POLICY);
  const rng = mulberry32(options.seed ?? 20240601);
  const count = options.count ?? 300;
  const end = historyEndFor(options.now);
  const cases: DemoCase[] = [];
  const openCaseInstant = openCaseInstants(options.now, sla);
  for (let i = 0; i < count; i += 1) cases.push(simulate(rng, i, options.now, end, sla, openCaseInstant));
  return cases.sort((a, b) => a.draft.createdAt.localeCompare(b.draft.createdAt));
};
