import type { AuditEntryDraft, CaseCategoryStore, Database, Sql } from '../../app/ports';
import { categorySlug, type CaseCategory, type CaseCategoryWithUse } from '../../domain/case-category';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { insertAuditEntry } from './audit-rows';

interface CategoryRow {
  id: string;
  name: string;
  active: boolean;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, active, sort_order, created_at, updated_at';

const fromRow = (row: CategoryRow): CaseCategory => ({
  id: row.id,
  name: row.name,
  active: row.active,
  sortOrder: row.sort_order,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * The managed category of a case, for reports: `c` is the cases alias. Cases carry the list's spelling of their
 * category (renames and merges rewrite it), so this matches exactly; comparing without case and surrounding
 * space also gathers any case written around the list, and one whose category is on no list keeps its own.
 */
export const MANAGED_CATEGORY_JOIN = `LEFT JOIN case_categories cat
  ON lower(cat.name) = lower(btrim(c.doc->>'category'))`;
export const MANAGED_CATEGORY = `coalesce(cat.name, c.doc->>'category', '')`;

/** Rewrites the category on every case that has `from` (by name, whatever its case) to `to`. */
const moveCases = async (tx: Sql, from: string, to: string): Promise<number> => {
  const { rows } = await tx.query<{ n: number }>(
    `WITH moved AS (
       UPDATE cases SET doc = jsonb_set(doc, '{category}', to_jsonb($2::text))
        WHERE lower(btrim(doc->>'category')) = lower($1::text)
        RETURNING 1)
     SELECT count(*)::integer AS n FROM moved`,
    [from, to],
  );
  return rows[0]?.n ?? 0;
};

/**
 * The category list on PostgreSQL. Each change takes the table's lock for its transaction (administrators
 * change the list rarely), so two changes cannot both take one name or one slug.
 */
export class PostgresCaseCategories implements CaseCategoryStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<CaseCategory[]> {
    const { rows } = await this.db.query<CategoryRow>(
      `SELECT ${COLUMNS} FROM case_categories ORDER BY sort_order, lower(name)`,
    );
    return rows.map(fromRow);
  }

  async listWithUse(): Promise<CaseCategoryWithUse[]> {
    const { rows } = await this.db.query<CategoryRow & { cases: number }>(
      `SELECT k.id, k.name, k.active, k.sort_order, k.created_at, k.updated_at,
              (SELECT count(*)::integer FROM cases c WHERE c.doc->>'category' = k.name) AS cases
         FROM case_categories k ORDER BY k.sort_order, lower(k.name)`,
    );
    return rows.map((r) => ({ ...fromRow(r), cases: r.cases }));
  }

  add(name: string, at: string, audit: AuditEntryDraft): Promise<CaseCategory> {
    return this.change(async (tx) => {
      await this.refuseTaken(tx, name, null);
      const { rows: ids } = await tx.query<{ id: string }>(`SELECT id FROM case_categories`);
      const taken = new Set(ids.map((r) => r.id));
      const slug = categorySlug(name);
      let id = slug;
      for (let n = 2; taken.has(id); n += 1) id = `${slug}-${n}`;
      const { rows } = await tx.query<CategoryRow>(
        `INSERT INTO case_categories (id, name, active, sort_order, created_at, updated_at)
         VALUES ($1::text, $2::text, true,
                 (SELECT coalesce(max(sort_order), 0) + 1 FROM case_categories), $3::timestamptz, $3::timestamptz)
         RETURNING ${COLUMNS}`,
        [id, name, at],
      );
      await insertAuditEntry(tx, { ...audit, detail: { ...audit.detail, categoryId: id } });
      return fromRow(this.one(rows));
    });
  }

  rename(
    id: string,
    name: string,
    at: string,
    audit: (counts: { cases: number }) => AuditEntryDraft,
  ): Promise<CaseCategory> {
    return this.change(async (tx) => {
      const current = await this.find(tx, id);
      await this.refuseTaken(tx, name, id);
      const { rows } = await tx.query<CategoryRow>(
        `UPDATE case_categories SET name = $2::text, updated_at = $3::timestamptz WHERE id = $1::text
         RETURNING ${COLUMNS}`,
        [id, name, at],
      );
      const cases = await moveCases(tx, current.name, name);
      await insertAuditEntry(tx, audit({ cases }));
      return fromRow(this.one(rows));
    });
  }

  setActive(id: string, active: boolean, at: string, audit: AuditEntryDraft): Promise<CaseCategory> {
    return this.change(async (tx) => {
      const { rows } = await tx.query<CategoryRow>(
        `UPDATE case_categories SET active = $2::boolean, updated_at = $3::timestamptz WHERE id = $1::text
         RETURNING ${COLUMNS}`,
        [id, active, at],
      );
      if (rows.length === 0) throw new NotFoundError('category');
      await insertAuditEntry(tx, audit);
      return fromRow(this.one(rows));
    });
  }

  reorder(ids: readonly string[], at: string, audit: AuditEntryDraft): Promise<void> {
    return this.change(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(`SELECT id FROM case_categories`);
      const existing = new Set(rows.map((r) => r.id));
      if (
        new Set(ids).size !== ids.length ||
        ids.length !== existing.size ||
        ids.some((i) => !existing.has(i))
      )
        throw new ConflictError(
          'The list of categories has changed since it was read: reload it and put them in order again.',
        );
      await tx.query(
        `UPDATE case_categories k SET sort_order = o.position::integer, updated_at = $2::timestamptz
           FROM unnest($1::text[]) WITH ORDINALITY AS o(id, position)
          WHERE k.id = o.id AND k.sort_order <> o.position`,
        [[...ids], at],
      );
      await insertAuditEntry(tx, audit);
    });
  }

  merge(
    fromId: string,
    intoId: string,
    at: string,
    audit: (counts: { cases: number; from: CaseCategory; into: CaseCategory }) => AuditEntryDraft,
  ): Promise<{ into: CaseCategory; cases: number }> {
    return this.change(async (tx) => {
      const from = await this.find(tx, fromId);
      const into = await this.find(tx, intoId);
      const cases = await moveCases(tx, from.name, into.name);
      await tx.query(`DELETE FROM case_categories WHERE id = $1::text`, [fromId]);
      const { rows } = await tx.query<CategoryRow>(
        `UPDATE case_categories SET updated_at = $2::timestamptz WHERE id = $1::text RETURNING ${COLUMNS}`,
        [intoId, at],
      );
      await insertAuditEntry(tx, audit({ cases, from, into }));
      return { into: fromRow(this.one(rows)), cases };
    });
  }

  private change<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`LOCK TABLE case_categories IN SHARE ROW EXCLUSIVE MODE`);
      return work(tx);
    });
  }

  private async find(tx: Sql, id: string): Promise<CaseCategory> {
    const { rows } = await tx.query<CategoryRow>(
      `SELECT ${COLUMNS} FROM case_categories WHERE id = $1::text`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('category');
    return fromRow(row);
  }

  /** Another category (not `self`) has this name, whatever its case. */
  private async refuseTaken(tx: Sql, name: string, self: string | null): Promise<void> {
    const { rows } = await tx.query(
      `SELECT 1 FROM case_categories WHERE lower(name) = lower($1::text) AND id IS DISTINCT FROM $2::text`,
      [name, self],
    );
    if (rows.length > 0) throw new ConflictError(`There is already a category called \u201c${name}\u201d.`);
  }

  private one(rows: CategoryRow[]): CategoryRow {
    const row = rows[0];
    if (!row) throw new Error('The category write returned no row.');
    return row;
  }
}
