import type {
  AuditEntryDraft,
  Database,
  Department,
  Directory,
  DirectoryEditor,
  Sql,
  Ward,
} from '../../app/ports';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { PersonId } from '../../domain/ids';
import type { Person, Role } from '../../domain/person';
import { insertAuditEntry } from './audit-rows';

export interface PersonRow {
  id: string;
  oid: string;
  display_name: string;
  email: string;
  roles: string[];
  department_id: string | null;
  ward_ids: string[] | null;
  source: 'local' | 'entra';
  roles_as_of: string | null;
}

/** The columns written for a person kept by hand. */
const PERSON_COLUMNS = 'id, oid, display_name, email, roles, department_id, ward_ids';

/**
 * A person as read (`FROM people p`). A person from Entra ID is in the department whose Entra group they are a
 * member of, directly or through other groups, as the directory sync last read it; if several departments'
 * groups hold them, the first by name. People kept by hand have their department stored.
 */
export const PERSON_SELECT = `p.id, p.oid, p.display_name, p.email, p.roles,
  CASE WHEN p.source = 'entra' THEN (
    SELECT d.id FROM departments d
      JOIN entra_group_members m ON m.group_id = d.entra_group_id AND m.via = 'transitive'
     WHERE m.user_id = p.oid ORDER BY d.name, d.id LIMIT 1)
  ELSE p.department_id END AS department_id,
  p.ward_ids, p.source, p.roles_as_of`;

export const personFromRow = (row: PersonRow): Person => ({
  id: row.id,
  oid: row.oid,
  displayName: row.display_name,
  email: row.email,
  roles: row.roles as Role[],
  ...(row.department_id !== null ? { departmentId: row.department_id } : {}),
  ...(row.ward_ids !== null ? { wardIds: row.ward_ids } : {}),
  ...(row.source === 'entra' ? { source: 'entra' as const } : {}),
  ...(row.roles_as_of !== null ? { rolesAsOf: row.roles_as_of } : {}),
});

interface DepartmentRow {
  id: string;
  name: string;
  entra_group_id: string | null;
}

const departmentFromRow = (row: DepartmentRow): Department => ({
  id: row.id,
  name: row.name,
  ...(row.entra_group_id !== null ? { entraGroupId: row.entra_group_id } : {}),
});

export interface DirectoryContent {
  people: readonly Person[];
  wards: readonly Ward[];
  departments: readonly Department[];
}

const personValues = (p: Omit<Person, 'oid'>): unknown[] => [
  p.displayName,
  p.email,
  [...p.roles],
  p.departmentId ?? null,
  p.wardIds ? [...p.wardIds] : null,
];

/**
 * The local-mode directory: people, wards and departments from the seed file, kept in the database and
 * edited by administrators (`DirectoryEditor`).
 */
export class PostgresDirectory implements Directory, DirectoryEditor {
  constructor(private readonly db: Database) {}

  async personByOid(oid: string): Promise<Person | null> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_SELECT} FROM people p WHERE p.oid = $1::text`,
      [oid],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async person(id: PersonId): Promise<Person | null> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_SELECT} FROM people p WHERE p.id = $1::text`,
      [id],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async people(): Promise<Person[]> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_SELECT} FROM people p ORDER BY p.display_name, p.id`,
    );
    return rows.map(personFromRow);
  }

  async wards(): Promise<Ward[]> {
    const { rows } = await this.db.query<{ id: string; name: string; postcode_prefixes: string[] }>(
      `SELECT id, name, postcode_prefixes FROM wards ORDER BY name, id`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, postcodePrefixes: r.postcode_prefixes }));
  }

  async departments(): Promise<Department[]> {
    const { rows } = await this.db.query<DepartmentRow>(
      `SELECT id, name, entra_group_id FROM departments ORDER BY name, id`,
    );
    return rows.map(departmentFromRow);
  }

  addWard(ward: Ward, audit: AuditEntryDraft): Promise<Ward> {
    return this.write(audit, 'ward', 'insert', (tx) =>
      tx.query(
        `INSERT INTO wards (id, name, postcode_prefixes) VALUES ($1::text, $2::text, $3::text[])
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [ward.id, ward.name, [...ward.postcodePrefixes]],
      ),
    ).then(() => ward);
  }

  updateWard(ward: Ward, audit: AuditEntryDraft): Promise<Ward> {
    return this.write(audit, 'ward', 'update', (tx) =>
      tx.query(
        `UPDATE wards SET name = $2::text, postcode_prefixes = $3::text[] WHERE id = $1::text RETURNING id`,
        [ward.id, ward.name, [...ward.postcodePrefixes]],
      ),
    ).then(() => ward);
  }

  addDepartment(department: Department, audit: AuditEntryDraft): Promise<Department> {
    return this.write(audit, 'department', 'insert', (tx) =>
      tx.query(
        `INSERT INTO departments (id, name, entra_group_id) VALUES ($1::text, $2::text, $3::text)
         ON CONFLICT DO NOTHING RETURNING id`,
        [department.id, department.name, department.entraGroupId ?? null],
      ),
    ).then(() => department);
  }

  updateDepartment(department: Department, audit: AuditEntryDraft): Promise<Department> {
    return this.write(audit, 'department', 'update', (tx) =>
      tx.query(
        `UPDATE departments SET name = $2::text, entra_group_id = $3::text WHERE id = $1::text RETURNING id`,
        [department.id, department.name, department.entraGroupId ?? null],
      ),
    ).then(() => department);
  }

  addPerson(person: Person, audit: AuditEntryDraft): Promise<Person> {
    // ON CONFLICT DO NOTHING without a target also covers the unique oid.
    return this.write(audit, 'person', 'insert', (tx) =>
      tx.query(
        `INSERT INTO people (${PERSON_COLUMNS})
         VALUES ($1::text, $2::text, $3::text, $4::text, $5::text[], $6::text, $7::text[])
         ON CONFLICT DO NOTHING RETURNING id`,
        [person.id, person.oid, ...personValues(person)],
      ),
    ).then(() => person);
  }

  async updatePerson(person: Omit<Person, 'oid'>, audit: AuditEntryDraft): Promise<Person> {
    const { rows } = await this.write(audit, 'person', 'update', (tx) =>
      tx.query<{ id: string }>(
        `UPDATE people SET display_name = $2::text, email = $3::text, roles = $4::text[],
           department_id = $5::text, ward_ids = $6::text[]
         WHERE id = $1::text AND source = 'local' RETURNING id`,
        [person.id, ...personValues(person)],
      ),
    );
    if (!rows[0]) throw new NotFoundError('person');
    const updated = await this.person(person.id);
    if (!updated) throw new NotFoundError('person');
    return updated;
  }

  /**
   * Sets the wards a person represents, with its audit entry; the only part of a person from Entra ID that is
   * kept here. @throws NotFoundError when there is no such person.
   */
  async setWards(id: PersonId, wardIds: readonly string[], audit: AuditEntryDraft): Promise<Person> {
    await this.write(audit, 'person', 'update', (tx) =>
      tx.query(`UPDATE people SET ward_ids = $2::text[] WHERE id = $1::text RETURNING id`, [
        id,
        wardIds.length > 0 ? [...wardIds] : null,
      ]),
    );
    const updated = await this.person(id);
    if (!updated) throw new NotFoundError('person');
    return updated;
  }

  /**
   * Runs one directory write with its audit entry in a transaction. The write returns the rows it touched:
   * none means the id was taken (insert: ConflictError) or unknown (update: NotFoundError), and nothing is
   * written, the audit entry included (the caller records the refusal).
   */
  private write<R>(
    audit: AuditEntryDraft,
    what: 'ward' | 'department' | 'person',
    kind: 'insert' | 'update',
    statement: (tx: Sql) => Promise<{ rows: R[] }>,
  ): Promise<{ rows: R[] }> {
    return this.db.transaction(async (tx) => {
      const result = await statement(tx);
      if (result.rows.length === 0)
        throw kind === 'insert'
          ? new ConflictError(`A ${what} with this id already exists.`)
          : new NotFoundError(what);
      await insertAuditEntry(tx, audit);
      return result;
    });
  }

  /**
   * Inserts or updates everything given, in one transaction (the seeder calls it on every start, so it is
   * idempotent). Entries absent from `content` are left in place.
   */
  saveDirectory(content: DirectoryContent): Promise<void> {
    return this.db.transaction(async (tx) => {
      for (const d of content.departments)
        await tx.query(
          `INSERT INTO departments (id, name) VALUES ($1::text, $2::text)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
          [d.id, d.name],
        );
      for (const w of content.wards)
        await tx.query(
          `INSERT INTO wards (id, name, postcode_prefixes) VALUES ($1::text, $2::text, $3::text[])
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, postcode_prefixes = excluded.postcode_prefixes`,
          [w.id, w.name, [...w.postcodePrefixes]],
        );
      for (const p of content.people)
        await tx.query(
          `INSERT INTO people (${PERSON_COLUMNS})
           VALUES ($1::text, $2::text, $3::text, $4::text, $5::text[], $6::text, $7::text[])
           ON CONFLICT (id) DO UPDATE SET oid = excluded.oid, display_name = excluded.display_name,
             email = excluded.email, roles = excluded.roles, department_id = excluded.department_id,
             ward_ids = excluded.ward_ids`,
          [
            p.id,
            p.oid,
            p.displayName,
            p.email,
            [...p.roles],
            p.departmentId ?? null,
            p.wardIds ? [...p.wardIds] : null,
          ],
        );
    });
  }
}
