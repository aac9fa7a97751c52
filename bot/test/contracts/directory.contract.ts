import type { AuditEntryDraft, Database } from '../../src/app/ports';
import { ConflictError, NotFoundError } from '../../src/domain/errors';
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

    describe('edited by administrators', () => {
      const audit = (action: string, detail: Record<string, unknown>): AuditEntryDraft => ({
        at: '2026-03-20T12:00:00.000Z',
        actorId: 'p-sue',
        action,
        outcome: 'allowed',
        requestId: `req-${action}-${JSON.stringify(detail)}`,
        detail,
      });
      const audited = async (requestId: string) =>
        (
          await db.query<{ action: string; detail: unknown }>(
            `SELECT action, detail FROM audit_log WHERE request_id = $1 ORDER BY id`,
            [requestId],
          )
        ).rows;

      it('adds a ward with its audit entry, and refuses a second ward with the same id, writing nothing', async () => {
        const ward = { id: 'ward-east', name: 'East Division', postcodePrefixes: ['WQ4'] };
        const entry = audit('admin.ward.create', { wardId: 'ward-east' });
        expect(await directory.addWard(ward, entry)).toEqual(ward);
        expect(await directory.wards()).toContainEqual(ward);
        expect(await audited(entry.requestId!)).toEqual([
          { action: 'admin.ward.create', detail: { wardId: 'ward-east' } },
        ]);
        const again = audit('admin.ward.create', { wardId: 'ward-east', again: true });
        await expect(directory.addWard({ ...ward, name: 'Replaced' }, again)).rejects.toBeInstanceOf(
          ConflictError,
        );
        expect((await directory.wards()).find((w) => w.id === 'ward-east')?.name).toBe('East Division');
        expect(await audited(again.requestId!)).toEqual([]);
      });

      it('renames a ward and replaces its prefixes; an unknown ward is not found', async () => {
        const renamed = { id: 'ward-north', name: 'North and Mill', postcodePrefixes: ['WQ1', 'WQ9 1'] };
        await directory.updateWard(renamed, audit('admin.ward.update', { wardId: 'ward-north' }));
        expect(await directory.wards()).toContainEqual(renamed);
        await expect(
          directory.updateWard(
            { id: 'ward-nowhere', name: 'Nowhere', postcodePrefixes: [] },
            audit('admin.ward.update', { wardId: 'ward-nowhere' }),
          ),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect((await directory.wards()).map((w) => w.id)).not.toContain('ward-nowhere');
      });

      it('adds and renames departments, refusing a duplicate id', async () => {
        await directory.addDepartment(
          { id: 'dept-parks', name: 'Parks' },
          audit('admin.department.create', {}),
        );
        await expect(
          directory.addDepartment(
            { id: 'dept-parks', name: 'Parks again' },
            audit('admin.department.create', {}),
          ),
        ).rejects.toBeInstanceOf(ConflictError);
        await directory.updateDepartment(
          { id: 'dept-parks', name: 'Parks and Open Spaces' },
          audit('admin.department.update', {}),
        );
        expect(await directory.departments()).toContainEqual({
          id: 'dept-parks',
          name: 'Parks and Open Spaces',
        });
        await expect(
          directory.updateDepartment({ id: 'dept-none', name: 'None' }, audit('admin.department.update', {})),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('adds a person findable by id and object id, and refuses a taken id or object id', async () => {
        const wes: Person = {
          id: 'p-wes',
          oid: 'oid-wes',
          displayName: 'Wes Waste',
          email: 'wes@test.example',
          roles: ['DepartmentOfficer'],
          departmentId: 'dept-waste',
        };
        await directory.addPerson(wes, audit('admin.person.create', { personId: 'p-wes' }));
        expect(await directory.person('p-wes')).toEqual(wes);
        expect(await directory.personByOid('oid-wes')).toEqual(wes);
        await expect(
          directory.addPerson({ ...wes, oid: 'oid-other' }, audit('admin.person.create', {})),
        ).rejects.toBeInstanceOf(ConflictError);
        await expect(
          directory.addPerson({ ...wes, id: 'p-other' }, audit('admin.person.create', {})),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await directory.person('p-other')).toBeNull();
      });

      it('replaces a person’s entry but keeps their object id; an unknown person is not found', async () => {
        const updated = await directory.updatePerson(
          {
            id: 'p-hal',
            displayName: 'Hal Moved',
            email: 'hal@test.example',
            roles: ['DepartmentOfficer', 'Councillor'],
            departmentId: 'dept-waste',
            wardIds: ['ward-south'],
          },
          audit('admin.person.update', { personId: 'p-hal' }),
        );
        expect(updated).toEqual({
          ...hal,
          displayName: 'Hal Moved',
          roles: ['DepartmentOfficer', 'Councillor'],
          departmentId: 'dept-waste',
          wardIds: ['ward-south'],
        });
        expect(await directory.personByOid('oid-hal')).toEqual(updated);
        const withoutDepartment = await directory.updatePerson(
          { id: 'p-hal', displayName: 'Hal', email: 'hal@test.example', roles: ['Councillor'] },
          audit('admin.person.update', { personId: 'p-hal' }),
        );
        expect(withoutDepartment).toEqual({
          id: 'p-hal',
          oid: 'oid-hal',
          displayName: 'Hal',
          email: 'hal@test.example',
          roles: ['Councillor'],
        });
        await expect(
          directory.updatePerson(
            { id: 'p-nobody', displayName: 'N', email: 'n@test.example', roles: [] },
            audit('admin.person.update', {}),
          ),
        ).rejects.toBeInstanceOf(NotFoundError);
      });
    });
  });
};
