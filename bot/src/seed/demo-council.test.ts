import { DEMO_COUNCIL, DEMO_POSTCODE_AREA, demoOid } from './demo-council';

/** Every UK postcode area in use, with the Crown dependencies and the non-geographic BF, BX and XX. */
const REAL_POSTCODE_AREAS = new Set(
  `AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX
   FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN
   NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB
   W WA WC WD WF WN WR WS WV XX YO ZE`.split(/\s+/),
);

const { people, wards, departments } = DEMO_COUNCIL;
const withRole = (role: string) => people.filter((p) => p.roles.includes(role as never));

describe('the demo council', () => {
  it('uses a postcode area that is not a real UK one, for every ward', () => {
    expect(REAL_POSTCODE_AREAS.has(DEMO_POSTCODE_AREA)).toBe(false);
    for (const w of wards) {
      expect(w.postcodePrefixes.length).toBeGreaterThanOrEqual(1);
      expect(w.postcodePrefixes.length).toBeLessThanOrEqual(2);
      for (const p of w.postcodePrefixes) expect(p).toMatch(/^WQ\d{1,2}$/);
    }
    const districts = wards.flatMap((w) => w.postcodePrefixes);
    expect(new Set(districts).size).toBe(districts.length);
  });

  it('has about ten divisions, fourteen councillors and some two-member divisions', () => {
    expect(wards).toHaveLength(10);
    const councillors = withRole('Councillor');
    expect(councillors).toHaveLength(14);
    for (const c of councillors) expect(c.wardIds?.every((w) => wards.some((x) => x.id === w))).toBe(true);
    const perWard = wards.map((w) => councillors.filter((c) => c.wardIds?.includes(w.id)).length);
    expect(Math.min(...perWard)).toBe(1);
    expect(perWard.filter((n) => n === 2).length).toBeGreaterThan(0);
  });

  it('has three support officers, one of them an administrator, and one administrator-only person', () => {
    const support = withRole('SupportOfficer');
    expect(support).toHaveLength(3);
    expect(support.filter((p) => p.roles.includes('Administrator'))).toHaveLength(1);
    expect(people.filter((p) => p.roles.length === 1 && p.roles[0] === 'Administrator')).toHaveLength(1);
  });

  it('gives each of the six departments one or two officers', () => {
    expect(departments.map((d) => d.name)).toEqual([
      'Highways & Transport',
      'Adult Social Care',
      "Children's Services",
      'Waste & Environment',
      'Education & Skills',
      'Planning & Regeneration',
    ]);
    for (const d of departments) {
      const officers = withRole('DepartmentOfficer').filter((p) => p.departmentId === d.id);
      expect(officers.length).toBeGreaterThanOrEqual(1);
      expect(officers.length).toBeLessThanOrEqual(2);
    }
  });

  it('gives everyone a unique id, a stable GUID-shaped oid and an address under .example', () => {
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.oid)).size).toBe(people.length);
    for (const p of people) {
      expect(p.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(p.oid).toBe(demoOid(p.id));
      expect(p.email).toMatch(/^[a-z-]+\.[a-z-]+@[a-z]+\.example$/);
    }
  });

  it('derives the same oid on every start', () => {
    expect(demoOid('p-cllr-01')).toBe(demoOid('p-cllr-01'));
    expect(demoOid('p-cllr-01')).not.toBe(demoOid('p-cllr-02'));
  });
});
