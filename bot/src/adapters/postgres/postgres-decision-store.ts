import type { DecisionFilter, DecisionStore } from '../../app/briefing-ports';
import type { AuditEntryDraft, Database, Sql } from '../../app/ports';
import type { Decision, DecisionSourceKind } from '../../domain/decision';
import { ConflictError } from '../../domain/errors';
import { insertAuditEntry } from './audit-rows';

/** The decisions register on PostgreSQL or PGlite: the decision as a jsonb document with projected columns. */
export class PostgresDecisionStore implements DecisionStore {
  constructor(private readonly db: Database) {}

  async list(filter: DecisionFilter): Promise<Decision[]> {
    const { rows } = await this.db.query<{ doc: Decision }>(
      `SELECT doc FROM decisions
        WHERE ($1::date IS NULL OR decided_on >= $1::date) AND ($2::date IS NULL OR decided_on <= $2::date)
          AND ($3::text IS NULL OR status = $3::text)
        ORDER BY decided_on DESC, id`,
      [filter.from ?? null, filter.to ?? null, filter.status ?? null],
    );
    return rows.map((r) => r.doc);
  }

  async get(id: string): Promise<Decision | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const { rows } = await this.db.query<{ doc: Decision }>(`SELECT doc FROM decisions WHERE id = $1::uuid`, [
      id,
    ]);
    return rows[0]?.doc ?? null;
  }

  async bySource(kind: DecisionSourceKind, key: string): Promise<Decision | null> {
    const { rows } = await this.db.query<{ doc: Decision }>(
      `SELECT doc FROM decisions WHERE source_kind = $1::text AND source_key = $2::text`,
      [kind, key],
    );
    return rows[0]?.doc ?? null;
  }

  create(decision: Decision, audit: AuditEntryDraft): Promise<Decision> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO decisions (id, source_kind, source_key, status, decided_on, key_decision, doc, version,
                                created_at, updated_at)
         VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::date, $6::boolean, $7::jsonb, $8::integer,
                 $9::timestamptz, $10::timestamptz)`,
        [
          decision.id,
          decision.source.kind,
          decision.source.key,
          decision.status,
          decision.date,
          decision.keyDecision,
          JSON.stringify(decision),
          decision.version,
          decision.createdAt,
          decision.updatedAt,
        ],
      );
      await insertAuditEntry(tx, audit);
      return decision;
    });
  }

  update(decision: Decision, expectedVersion: number, audit: AuditEntryDraft): Promise<Decision> {
    return this.db.transaction(async (tx: Sql) => {
      const next: Decision = { ...decision, version: expectedVersion + 1 };
      const { rows } = await tx.query(
        `UPDATE decisions SET status = $2::text, decided_on = $3::date, key_decision = $4::boolean,
                doc = $5::jsonb, version = $6::integer, updated_at = $7::timestamptz
          WHERE id = $1::uuid AND version = $8::integer
          RETURNING id`,
        [
          decision.id,
          next.status,
          next.date,
          next.keyDecision,
          JSON.stringify(next),
          next.version,
          next.updatedAt,
          expectedVersion,
        ],
      );
      if (rows.length === 0) throw new ConflictError('The decision was changed by someone else; reload it.');
      await insertAuditEntry(tx, audit);
      return next;
    });
  }
}
