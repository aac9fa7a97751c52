import type { Database } from '../../src/app/ports';
import type { Person } from '../../src/domain/person';
import { migrate, PostgresDirectory } from '../../src/adapters/postgres';

const alice: Person = {
  id: 'p-alice',
  oid: 'oid-alice',
  displayName: 'Cllr Alice Test',
  email: 'alice@test.example',
  roles: ['Councillor'],
  wardIds: ['ward-north'],
};
const hal: Person = {
  id: 'p-hal',
  oid: 'oid-hal',
  displayName: 'Hal Highways',
  email: 'hal@test.example',
  roles: ['DepartmentOfficer'],
  departmentId: 'dept-highways',
};
const sue: Person = {
  id: 'p-sue',
  oid: 'oid-sue',
  displayName: 'Sue Support',
  email: 'sue@test.example',
  roles: ['SupportOfficer', 'Administrator'],
};

/** The local-mode Directory on a `Database`; `open` returns a new, empty database. */
export const describeDirectoryContract = (name: string, open: () => Promise<Database>): void => {
  describe(`Directory on ${name}`, () => {
    let db: Database;
    let directory: PostgresDirectory;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      directory = new PostgresDirectory(db);
      await directory.saveDirectory({
        people: [sue, alice, hal],
        wards: [
          { id: 'ward-south', name: 'South Division', postcodePrefixes: ['WQ2', 'WQ3'] },
          { id: 'ward-north', name: 'North Division', postcodePrefixes: ['WQ1'] },
        ],
        departments: [
          { id: 'dept-waste', name: 'Waste' },
          { id: 'dept-highways', name: 'Highways' },
        ],
      });
    }, 120_000);
    afterAll(() => db?.close());

    it('finds people by id and by token oid, with exactly the fields saved', async () => {
      expect(await directory.person('p-alice')).toEqual(alice);
      expect(await directory.personByOid('oid-hal')).toEqual(hal);
      expect(await directory.person('p-nobody')).toBeNull();
      expect(await directory.personByOid('oid-nobody')).toBeNull();
    });

    it('lists people, wards and departments by name', async () => {
      expect((await directory.people()).map((p) => p.id)).toEqual(['p-alice', 'p-hal', 'p-sue']);
      expect(await directory.wards()).toEqual([
        { id: 'ward-north', name: 'North Division', postcodePrefixes: ['WQ1'] },
        { id: 'ward-south', name: 'South Division', postcodePrefixes: ['WQ2', 'WQ3'] },
      ]);
      expect((await directory.departments()).map((d) => d.name)).toEqual(['Highways', 'Waste']);
    });

    it('saves again idempotently, updating what changed', async () => {
      const renamed = { ...alice, displayName: 'Cllr Alice Renamed', wardIds: ['ward-north', 'ward-south'] };
      await directory.saveDirectory({
        people: [renamed],
        wards: [],
        departments: [{ id: 'dept-waste', name: 'Waste and Recycling' }],
      });
      expect(await directory.person('p-alice')).toEqual(renamed);
      expect((await directory.people()).length).toBe(3);
      expect((await directory.departments()).map((d) => d.name)).toEqual(['Highways', 'Waste and Recycling']);
    });
  });
};
