import type { Database, Department, Directory, Ward } from '../../app/ports';
import type { PersonId } from '../../domain/ids';
import type { Person, Role } from '../../domain/person';

interface PersonRow {
  id: string;
  oid: string;
  display_name: string;
  email: string;
  roles: string[];
  department_id: string | null;
  ward_ids: string[] | null;
}

const PERSON_COLUMNS = 'id, oid, display_name, email, roles, department_id, ward_ids';

const personFromRow = (row: PersonRow): Person => ({
  id: row.id,
  oid: row.oid,
  displayName: row.display_name,
  email: row.email,
  roles: row.roles as Role[],
  ...(row.department_id !== null ? { departmentId: row.department_id } : {}),
  ...(row.ward_ids !== null ? { wardIds: row.ward_ids } : {}),
});

export interface DirectoryContent {
  people: readonly Person[];
  wards: readonly Ward[];
  departments: readonly Department[];
}

/** The local-mode directory: people, wards and departments from the seed file, kept in the database. */
export class PostgresDirectory implements Directory {
  constructor(private readonly db: Database) {}

  async personByOid(oid: string): Promise<Person | null> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM people WHERE oid = $1::text`,
      [oid],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async person(id: PersonId): Promise<Person | null> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM people WHERE id = $1::text`,
      [id],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async people(): Promise<Person[]> {
    const { rows } = await this.db.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM people ORDER BY display_name, id`,
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
    const { rows } = await this.db.query<Department>(`SELECT id, name FROM departments ORDER BY name, id`);
    return rows;
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
