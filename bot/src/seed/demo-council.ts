import { createHash } from 'node:crypto';
import type { Department, Ward } from '../app/ports';
import type { DepartmentId, PersonId, WardId } from '../domain/ids';
import type { Person, Role } from '../domain/person';

/**
 * The fictional council seeded on first start in local mode. Every name is invented: the county, its
 * electoral divisions, streets and people. Postcodes use the area `WQ`, which is not a UK postcode area, and
 * e-mail addresses use the reserved `.example` top-level domain, so nothing here can reach a real person.
 */
export const DEMO_COUNCIL_NAME = 'Fallowmere County Council';
export const DEMO_EMAIL_DOMAIN = 'fallowmere.example';
/** The postcode area of every demo address; not one of the UK's real postcode areas. */
export const DEMO_POSTCODE_AREA = 'WQ';

/**
 * Fixed namespace for the people's object ids, so that the same person has the same `oid` on every start
 * (the local token issuer uses it as the subject; tokens issued before a restart stay valid).
 */
const OID_NAMESPACE = '6f1c2a52-3e0b-4a8e-9a51-0d3c5b7e4f21';

/** A name-based (version 5) UUID: deterministic, GUID-formatted like an Entra object id. */
export const demoOid = (name: string): string => {
  const ns = Buffer.from(OID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

const wards: Ward[] = [
  { id: 'ward-fallowmere-central', name: 'Fallowmere Central', postcodePrefixes: ['WQ1', 'WQ2'] },
  { id: 'ward-tallowford', name: 'Tallowford', postcodePrefixes: ['WQ3'] },
  { id: 'ward-greyhallow', name: 'Greyhallow & Sorrelby', postcodePrefixes: ['WQ4', 'WQ5'] },
  { id: 'ward-kettlemere', name: 'Kettlemere', postcodePrefixes: ['WQ6'] },
  { id: 'ward-wrenhallow', name: 'Wrenhallow', postcodePrefixes: ['WQ7'] },
  { id: 'ward-ambercombe', name: 'Ambercombe Vale', postcodePrefixes: ['WQ8', 'WQ9'] },
  { id: 'ward-larkvale', name: 'Larkvale', postcodePrefixes: ['WQ10'] },
  { id: 'ward-thistlebury', name: 'Thistlebury', postcodePrefixes: ['WQ11', 'WQ12'] },
  { id: 'ward-quillbrook', name: 'Quillbrook', postcodePrefixes: ['WQ13'] },
  { id: 'ward-fallowmere-east', name: 'Fallowmere East', postcodePrefixes: ['WQ14', 'WQ15'] },
];

const departments: Department[] = [
  { id: 'dept-highways', name: 'Highways & Transport' },
  { id: 'dept-adult-care', name: 'Adult Social Care' },
  { id: 'dept-childrens', name: "Children's Services" },
  { id: 'dept-waste', name: 'Waste & Environment' },
  { id: 'dept-education', name: 'Education & Skills' },
  { id: 'dept-planning', name: 'Planning & Regeneration' },
];

type PersonSpec = {
  id: PersonId;
  first: string;
  last: string;
  roles: Role[];
  wardIds?: WardId[];
  departmentId?: DepartmentId;
};

const specs: PersonSpec[] = [
  // Councillors: four divisions have two members.
  {
    id: 'p-cllr-01',
    first: 'Eleanor',
    last: 'Marwick-Dane',
    roles: ['Councillor'],
    wardIds: ['ward-fallowmere-central'],
  },
  {
    id: 'p-cllr-02',
    first: 'Tobias',
    last: 'Fennacre',
    roles: ['Councillor'],
    wardIds: ['ward-fallowmere-central'],
  },
  { id: 'p-cllr-03', first: 'Priya', last: 'Castellow', roles: ['Councillor'], wardIds: ['ward-tallowford'] },
  { id: 'p-cllr-04', first: 'Graham', last: 'Oakshaw', roles: ['Councillor'], wardIds: ['ward-greyhallow'] },
  {
    id: 'p-cllr-05',
    first: 'Marian',
    last: 'Quennell-Hart',
    roles: ['Councillor'],
    wardIds: ['ward-greyhallow'],
  },
  {
    id: 'p-cllr-06',
    first: 'Desmond',
    last: 'Ashlington',
    roles: ['Councillor'],
    wardIds: ['ward-kettlemere'],
  },
  {
    id: 'p-cllr-07',
    first: 'Farah',
    last: 'Whitlestone',
    roles: ['Councillor'],
    wardIds: ['ward-wrenhallow'],
  },
  { id: 'p-cllr-08', first: 'Owen', last: 'Tremarsh', roles: ['Councillor'], wardIds: ['ward-ambercombe'] },
  {
    id: 'p-cllr-09',
    first: 'Bethany',
    last: 'Corrandale',
    roles: ['Councillor'],
    wardIds: ['ward-ambercombe'],
  },
  { id: 'p-cllr-10', first: 'Rajesh', last: 'Pemberdown', roles: ['Councillor'], wardIds: ['ward-larkvale'] },
  {
    id: 'p-cllr-11',
    first: 'Lorna',
    last: 'Haverstock-Bligh',
    roles: ['Councillor'],
    wardIds: ['ward-thistlebury'],
  },
  {
    id: 'p-cllr-12',
    first: 'Callum',
    last: 'Brightwell-Moss',
    roles: ['Councillor'],
    wardIds: ['ward-quillbrook'],
  },
  {
    id: 'p-cllr-13',
    first: 'Anita',
    last: 'Selbourne-Kaye',
    roles: ['Councillor'],
    wardIds: ['ward-fallowmere-east'],
  },
  {
    id: 'p-cllr-14',
    first: 'Hugh',
    last: 'Dunstable-Orr',
    roles: ['Councillor'],
    wardIds: ['ward-fallowmere-east'],
  },
  // Democratic Services.
  { id: 'p-support-01', first: 'Sophie', last: 'Lanworthy', roles: ['SupportOfficer', 'Administrator'] },
  { id: 'p-support-02', first: 'Daniel', last: 'Ormerick', roles: ['SupportOfficer'] },
  { id: 'p-support-03', first: 'Grace', last: 'Tennibrook', roles: ['SupportOfficer'] },
  { id: 'p-admin-01', first: 'Martin', last: 'Keswell-Ash', roles: ['Administrator'] },
  // Department officers.
  {
    id: 'p-dept-highways-01',
    first: 'Alan',
    last: 'Crossfield-Wray',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-highways',
  },
  {
    id: 'p-dept-highways-02',
    first: 'Nadia',
    last: 'Pellowes',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-highways',
  },
  {
    id: 'p-dept-adult-care-01',
    first: 'Ruth',
    last: 'Emberley',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-adult-care',
  },
  {
    id: 'p-dept-childrens-01',
    first: 'Samuel',
    last: 'Okonkwo-Firth',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-childrens',
  },
  {
    id: 'p-dept-childrens-02',
    first: 'Isla',
    last: 'Marchbank',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-childrens',
  },
  {
    id: 'p-dept-waste-01',
    first: 'Kevin',
    last: 'Dallimore',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-waste',
  },
  {
    id: 'p-dept-education-01',
    first: 'Helena',
    last: 'Vasquez-Thorne',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-education',
  },
  {
    id: 'p-dept-planning-01',
    first: 'Patrick',
    last: 'Hollingford',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-planning',
  },
  {
    id: 'p-dept-planning-02',
    first: 'Yasmin',
    last: 'Carrowell',
    roles: ['DepartmentOfficer'],
    departmentId: 'dept-planning',
  },
];

const emailPart = (s: string): string => s.toLowerCase().replace(/[^a-z-]+/g, '');

const toPerson = (s: PersonSpec): Person => ({
  id: s.id,
  oid: demoOid(s.id),
  displayName: s.roles.includes('Councillor') ? `Cllr ${s.first} ${s.last}` : `${s.first} ${s.last}`,
  email: `${emailPart(s.first)}.${emailPart(s.last)}@${DEMO_EMAIL_DOMAIN}`,
  roles: s.roles,
  ...(s.departmentId !== undefined ? { departmentId: s.departmentId } : {}),
  ...(s.wardIds !== undefined ? { wardIds: s.wardIds } : {}),
});

/** The demo council's directory: what `saveDirectory` stores on first start in local mode. */
export const DEMO_COUNCIL: {
  readonly wards: Ward[];
  readonly departments: Department[];
  readonly people: Person[];
} = {
  wards,
  departments,
  people: specs.map(toPerson),
};
