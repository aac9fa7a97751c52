import type { AuditEntryDraft, Database, Department, Sql, Ward } from '../app/ports';
import { PostgresCaseStore } from '../adapters/postgres';
import type { Person } from '../domain/person';
import type { SlaClock } from '../domain/sla-clock';
import { generateDemoCases } from './demo-cases';
import { DEMO_COUNCIL } from './demo-council';

export interface SeedDeps {
  directory: {
    saveDirectory(d: { people: Person[]; wards: Ward[]; departments: Department[] }): Promise<void>;
  };
  db: Database;
  /** The moment the demo history leads up to (the service's clock at start-up). */
  now: Date;
  /** The council's SLA clock, so seeded due dates follow the configured policy. Default: DESIGN.md's. */
  sla?: SlaClock | undefined;
  logger?: { info(obj: object, msg: string): void } | undefined;
}

export interface SeedResult {
  /** True when this call stored the demo council. */
  seeded: boolean;
  /** Demo cases stored by this call. */
  cases: number;
}

/** Advisory lock key (shared with nothing else): instances starting together seed one after the other. */
const SEED_LOCK = [7207, 2] as const;

const countRows = async (sql: Sql, table: 'people' | 'cases'): Promise<number> => {
  const { rows } = await sql.query<{ n: number | string }>(`SELECT count(*)::integer AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
};

/**
 * The database seen from inside one open transaction: the case store's own transactions run as part of it, so
 * the whole demo history commits or rolls back as one and a crash half-way leaves nothing behind.
 */
const withinTransaction = (tx: Sql, kind: Database['kind']): Database => ({
  kind,
  query: (text, params) => tx.query(text, params),
  transaction: (fn) => fn(tx),
  close: () => Promise.reject(new Error('The seeding transaction is not closed from inside.')),
});

/**
 * Local mode's first start: stores the demo council (people, wards, departments) and about 300 cases with their
 * full timelines, unless the directory already has people; a second call does nothing. Each case is created
 * through the case store (which allocates its MH-YYYY-NNNNN reference by creation year) with one `seed` audit
 * entry, then given the rest of its history in one change.
 *
 * The cases go in first, in one transaction under an advisory lock; the directory goes in last and marks the
 * seed as done. If the process stops between the two, the next start finds cases but no people and saves only
 * the directory, rather than seeding the cases twice.
 */
/** The demo's members last looked at their cases this many days before the demo starts. */
const SEEN_UNTIL_DAYS_AGO = 3;

export const seedIfEmpty = async (deps: SeedDeps): Promise<SeedResult> => {
  const { db, now, logger } = deps;
  if ((await countRows(db, 'people')) > 0) return { seeded: false, cases: 0 };

  const started = Date.now();
  const demo = generateDemoCases({ now, sla: deps.sla });
  const audit: AuditEntryDraft = {
    at: now.toISOString(),
    actorId: null,
    action: 'seed',
    outcome: 'allowed',
    detail: { source: 'demo-council' },
  };

  const stored = await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1::integer, $2::integer)`, [...SEED_LOCK]);
    // Re-checked under the lock: another instance may have seeded while this one waited.
    if ((await countRows(tx, 'people')) > 0) return null;
    if ((await countRows(tx, 'cases')) > 0) return 0;
    // The demo history is not news: nobody is sent a notification about it.
    const store = new PostgresCaseStore(withinTransaction(tx, db.kind), { queueNotifications: false });
    // Each member has looked at their cases until a few days ago: what changed since is new to them.
    const lookedUntil = new Date(now.getTime() - SEEN_UNTIL_DAYS_AGO * 86_400_000).toISOString();
    for (const c of demo) {
      const created = await store.create(c.draft, c.raised, audit);
      if (c.events.length > 0)
        await store.change(created.ref, (current) => ({
          next: { ...c.final, id: current.id, ref: current.ref, version: current.version },
          events: c.events,
          audit: [],
        }));
      const seen = [c.raised, ...c.events].filter((e) => e.at < lookedUntil).length;
      if (created.memberId !== null && seen > 0)
        await store.markSeen(created.memberId, created.id, seen, lookedUntil);
    }
    return demo.length;
  });
  if (stored === null) return { seeded: false, cases: 0 };

  await deps.directory.saveDirectory(DEMO_COUNCIL);
  logger?.info(
    { people: DEMO_COUNCIL.people.length, cases: stored, ms: Date.now() - started },
    stored === 0 ? 'saved the demo directory; cases were already present' : 'seeded the demo council',
  );
  return { seeded: true, cases: stored };
};
