import { randomUUID } from 'node:crypto';
import type {
  AuditEntryDraft,
  CaseChange,
  CaseEventDraft,
  CaseFilter,
  CasePageRequest,
  CaseRequestKey,
  CaseSort,
  CaseStore,
  CaseWithEvents,
  Clock,
  Database,
  ListedCase,
  NewCase,
  Page,
  Sql,
} from '../../app/ports';
import { CASE_SORTS, isColumnSort, SORT_DIRECTIONS } from '../../app/ports';
import type { ListScope } from '../../domain/access-policy';
import {
  AWAITING_ANSWER_STATUSES,
  CASE_STATUSES,
  OPEN_STATUSES,
  type Case,
  type CaseEvent,
} from '../../domain/case';
import { QUIET_EVENT_TYPES } from '../../domain/case-news';
import { caseNumberOf, parseCaseSearch } from '../../domain/case-search';
import { ConflictError, NotFoundError, RequestKeyReusedError, ValidationError } from '../../domain/errors';
import type { CaseId, CaseRef, PersonId } from '../../domain/ids';
import { insertAuditEntry } from './audit-rows';
import {
  CASE_COLUMNS,
  caseColumnValues,
  caseEventFromRow,
  caseFromRow,
  casePlaceholders,
  type CaseEventRow,
} from './case-rows';
import { londonDate } from '../../domain/working-days';
import { notificationsFor } from '../../domain/notifications';
import { insertNotifications } from './postgres-notification-outbox';
import { insertFilings } from './postgres-filing-journal';

/** How long a request key is remembered (docs/api.md, `Idempotency-Key`). */
const REQUEST_KEY_DAYS = 30;

/** Largest page the store serves (the tab lists up to 500 of a person's cases); callers page through more. */
export const MAX_PAGE_SIZE = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `MH-2026-00042`: the year the case was raised and a per-year number, zero-padded to five digits. */
export const formatCaseRef = (year: number, n: number): CaseRef => `MH-${year}-${String(n).padStart(5, '0')}`;

/**
 * The year a case's reference is numbered in. UTC's year is the council's year: New Year falls in GMT,
 * when Europe/London and UTC agree.
 */
const refYear = (createdAt: string): number => {
  const year = new Date(createdAt).getUTCFullYear();
  if (!Number.isInteger(year)) throw new ValidationError('The case has no valid creation time.');
  return year;
};

/** Collects positional parameters while a query is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

export interface PostgresCaseStoreOptions {
  /** Decides which cases are overdue when listing ("today" in Europe/London). Default: the system clock. */
  clock?: Clock | undefined;
  /**
   * Queue the notifications each change calls for (default true). False only for writing history that is not
   * news, such as the demo council's seeded timelines.
   */
  queueNotifications?: boolean | undefined;
}

/**
 * Cases on PostgreSQL or PGlite (same SQL). Each case's row is locked while it changes, so concurrent changes
 * queue rather than overwrite each other; the case, its timeline, its audit entries and the notifications
 * the new events call for (`notificationsFor`, into the outbox) commit together.
 */
export class PostgresCaseStore implements CaseStore {
  private readonly clock: Clock;
  private readonly queueNotifications: boolean;

  constructor(
    private readonly db: Database,
    options: PostgresCaseStoreOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.queueNotifications = options.queueNotifications ?? true;
  }

  create(draft: NewCase, event: CaseEventDraft, audit: AuditEntryDraft): Promise<Case> {
    return this.db.transaction((tx) => this.insertCase(tx, randomUUID(), draft, event, audit));
  }

  createOnce(
    draft: NewCase,
    event: CaseEventDraft,
    audit: AuditEntryDraft,
    request: CaseRequestKey,
  ): Promise<{ case: Case; replayed: boolean }> {
    return this.db.transaction(async (tx) => {
      const id = randomUUID();
      // The key is claimed first. A concurrent request with the same key waits here until this transaction
      // ends, then finds the row: it never makes a second case, and it takes no reference number.
      const claimed = await tx.query(
        `INSERT INTO case_request_keys (actor_id, key, request_hash, case_id)
         VALUES ($1::text, $2::text, $3::text, $4::uuid)
         ON CONFLICT (actor_id, key) DO NOTHING
         RETURNING case_id`,
        [request.actorId, request.key, request.hash, id],
      );
      if (claimed.rows.length === 0) {
        const { rows } = await tx.query<{ request_hash: string; doc: unknown }>(
          `SELECT k.request_hash, c.doc FROM case_request_keys k LEFT JOIN cases c ON c.id = k.case_id
            WHERE k.actor_id = $1::text AND k.key = $2::text`,
          [request.actorId, request.key],
        );
        const row = rows[0];
        if (!row || row.request_hash !== request.hash) throw new RequestKeyReusedError();
        // The case the key made has gone (removed under the retention policy): the key names nothing now.
        if (row.doc === null)
          throw new RequestKeyReusedError('This Idempotency-Key named a case that no longer exists.');
        return { case: caseFromRow(row), replayed: true };
      }
      await tx.query(
        `DELETE FROM case_request_keys
          WHERE actor_id = $1::text AND created_at < now() - interval '${REQUEST_KEY_DAYS} days'`,
        [request.actorId],
      );
      return { case: await this.insertCase(tx, id, draft, event, audit), replayed: false };
    });
  }

  async requestKeyUsed(actorId: PersonId, key: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM case_request_keys WHERE actor_id = $1::text AND key = $2::text`,
      [actorId, key],
    );
    return rows.length > 0;
  }

  private async insertCase(
    tx: Sql,
    id: CaseId,
    draft: NewCase,
    event: CaseEventDraft,
    audit: AuditEntryDraft,
  ): Promise<Case> {
    const year = refYear(draft.createdAt);
    // The counter row is locked until commit, so concurrent creates take consecutive numbers. It never goes
    // backwards, so a number is not reused even when its case is later deleted under the retention policy.
    const { rows } = await tx.query<{ last: number }>(
      `INSERT INTO case_ref_counters (year, last) VALUES ($1::integer, 1)
       ON CONFLICT (year) DO UPDATE SET last = case_ref_counters.last + 1
       RETURNING last`,
      [year],
    );
    const n = rows[0]?.last;
    if (n === undefined) throw new Error('The reference counter returned no row.');
    const created: Case = { ...draft, id, ref: formatCaseRef(year, n), version: 1 };
    await tx.query(
      `INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${casePlaceholders()})`,
      caseColumnValues(created),
    );
    const appended = await appendEvents(tx, created.id, 0, [event]);
    await insertAudit(tx, created, [audit]);
    if (this.queueNotifications) await insertNotifications(tx, notificationsFor(created, appended));
    return created;
  }

  async findByRef(ref: CaseRef): Promise<Case | null> {
    const { rows } = await this.db.query<{ doc: unknown }>(`SELECT doc FROM cases WHERE ref = $1::text`, [
      ref,
    ]);
    const row = rows[0];
    return row ? caseFromRow(row) : null;
  }

  async list(scope: ListScope, filter: CaseFilter, page: CasePageRequest): Promise<Page<ListedCase>> {
    checkPage(page);
    if (scope.kind === 'none') return { items: [], total: 0, limit: page.limit, offset: page.offset };

    const params = new Params();
    const where = [...scopeConditions(scope, params), ...filterConditions(filter, params)];
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const whereValues = [...params.values];
    const open = params.add([...OPEN_STATUSES], 'text[]');
    const today = params.add(londonDate(this.clock.now()), 'date');
    const overdue = `(status = ANY(${open}) AND respond_by < ${today})`;
    const limit = params.add(page.limit, 'integer');
    const offset = params.add(page.offset, 'integer');
    const order = orderOf(page, params);
    // Whether each case of the page has news for the reader: worked out for the page's rows only.
    const news = filter.newsFor === undefined ? 'NULL::boolean' : hasNews('c', filter.newsFor, params);

    // The page is chosen on the narrow columns and only its rows' documents are fetched (a deferred join), so
    // the count and sort over every match do not carry whole documents. The outer query repeats the order,
    // since a join does not keep it.
    const { rows } = await this.db.query<{ doc: unknown; total: number; news: boolean | null }>(
      `WITH page AS (
         SELECT id, count(*) OVER () AS total, ${overdue} AS overdue, respond_by, updated_at, created_at, ref,
                ${order.key ?? 'NULL'} AS sort_key
         FROM cases ${whereSql}
         ORDER BY ${order.inner(overdue)}
         LIMIT ${limit} OFFSET ${offset}
       )
       SELECT c.doc, page.total, ${news} AS news
       FROM page JOIN cases c ON c.id = page.id
       ORDER BY ${order.outer}`,
      params.values,
    );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page.offset > 0) {
      // Past the last page there is no row to carry the window count: count separately.
      const count = await this.db.query<{ total: number }>(
        `SELECT count(*) AS total FROM cases ${whereSql}`,
        whereValues,
      );
      total = count.rows[0]?.total ?? 0;
    }
    const items = rows.map((row): ListedCase => {
      const c = caseFromRow(row);
      return row.news === null ? c : { ...c, news: row.news };
    });
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async markSeen(personId: PersonId, caseId: CaseId, seq: number, at: string): Promise<void> {
    if (!UUID.test(caseId)) return;
    await this.db.query(
      `INSERT INTO case_reads (person_id, case_id, seen_seq, seen_at)
       VALUES ($1::text, $2::uuid, $3::integer, $4::timestamptz)
       ON CONFLICT (person_id, case_id) DO UPDATE
         SET seen_seq = greatest(case_reads.seen_seq, excluded.seen_seq), seen_at = excluded.seen_at`,
      [personId, caseId, seq, at],
    );
  }

  change(
    ref: CaseRef,
    decide: (current: Case) => CaseChange | null | Promise<CaseChange | null>,
    options: {
      expectedVersion?: number | undefined;
      authorize?: ((current: Case) => void) | undefined;
    } = {},
  ): Promise<Case> {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE: a concurrent change waits here until this one commits, then reads its result.
      const { rows } = await tx.query<{ doc: unknown }>(
        `SELECT doc FROM cases WHERE ref = $1::text FOR UPDATE`,
        [ref],
      );
      const row = rows[0];
      if (!row) throw new NotFoundError();
      const current = caseFromRow(row);
      // Access first: the version of a case the caller may not see is none of their business.
      options.authorize?.(current);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version)
        throw new ConflictError();

      const decision = await decide(current);
      // Nothing to do: the transaction ends having only read (and briefly locked) the row.
      if (decision === null) return current;
      const { next: proposed, events, audit, filings } = decision;
      if (proposed.id !== current.id || proposed.ref !== current.ref)
        throw new Error('A case change may not alter the case id or reference.');
      const next: Case = { ...proposed, version: current.version + 1 };

      const updated = await tx.query(
        `UPDATE cases SET (${CASE_COLUMNS.join(', ')}) = (${casePlaceholders(3)})
         WHERE id = $1::uuid AND version = $2::integer
         RETURNING id`,
        [current.id, current.version, ...caseColumnValues(next)],
      );
      // Cannot happen while the row is locked; a guard against a write that bypassed the lock.
      if (updated.rows.length !== 1) throw new ConflictError();

      const { rows: seqRows } = await tx.query<{ last: number }>(
        `SELECT coalesce(max(seq), 0) AS last FROM case_events WHERE case_id = $1::uuid`,
        [current.id],
      );
      const appended = await appendEvents(tx, current.id, seqRows[0]?.last ?? 0, events);
      await insertAudit(tx, next, audit);
      // The outbox: whoever is to be told about these events is told only if this change commits.
      if (this.queueNotifications) await insertNotifications(tx, notificationsFor(next, appended));
      if (filings?.length) await insertFilings(tx, filings);
      return next;
    });
  }

  async timeline(caseId: CaseId, options: { last?: number | undefined } = {}): Promise<CaseEvent[]> {
    if (!UUID.test(caseId)) return [];
    if (options.last === undefined) {
      const { rows } = await this.db.query<CaseEventRow>(
        `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = $1::uuid ORDER BY seq`,
        [caseId],
      );
      return rows.map(caseEventFromRow);
    }
    // Newest first through the (case_id, seq) key, then back to oldest first.
    const { rows } = await this.db.query<CaseEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = $1::uuid ORDER BY seq DESC LIMIT $2::integer`,
      [caseId, checkedLast(options.last)],
    );
    return rows.map(caseEventFromRow).reverse();
  }

  async findWithTimeline(ref: CaseRef, options: { last: number }): Promise<CaseWithEvents | null> {
    // One round trip: the case, joined to its last events (none: one row with null event columns). The doc
    // repeats on each of the (few) rows; it is read from the first.
    // The number of the last entry and the latest response come in the same statement, so what the reader
    // is marked as having seen is exactly what was read.
    const { rows } = await this.db.query<
      { doc: unknown; last_seq: number | null } & NullableEventRow & LatestResponseRow
    >(
      `SELECT c.doc, e.case_id, e.seq, e.at, e.actor_id, e.type, e.data,
              (SELECT max(seq) FROM case_events WHERE case_id = c.id) AS last_seq,
              r.seq AS r_seq, r.at AS r_at, r.actor_id AS r_actor_id, r.data AS r_data
         FROM cases c
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM case_events
            WHERE case_id = c.id ORDER BY seq DESC LIMIT $2::integer
         ) e ON true
         LEFT JOIN LATERAL (
           SELECT seq, at, actor_id, data FROM case_events
            WHERE case_id = c.id AND type = 'responded' ORDER BY seq DESC LIMIT 1
         ) r ON true
        WHERE c.ref = $1::text
        ORDER BY e.seq DESC`,
      [ref, checkedLast(options.last)],
    );
    const first = rows[0];
    if (!first) return null;
    const events = rows
      .filter((r): r is typeof r & CaseEventRow => r.seq !== null)
      .map(caseEventFromRow)
      .reverse();
    const c = caseFromRow(first);
    const latestResponse =
      first.r_seq === null || first.r_at === null || first.r_data === null
        ? undefined
        : caseEventFromRow({
            case_id: c.id,
            seq: first.r_seq,
            at: first.r_at,
            actor_id: first.r_actor_id,
            type: 'responded',
            data: first.r_data,
          });
    return { case: c, events, lastSeq: first.last_seq ?? 0, latestResponse };
  }
}

const EVENT_COLUMNS = 'case_id, seq, at, actor_id, type, data';

/** An order as SQL: `inner` over `cases`, `outer` over the chosen page; `key` the sort key a column sort needs. */
interface OrderSql {
  inner: (overdue: string) => string;
  outer: string;
  key?: string | undefined;
}

/**
 * The fixed orders: `inner` over `cases` (given the overdue condition, which the inner query cannot refer to
 * by its alias inside an expression), `outer` over the chosen page. Each ends in the reference, so pages are
 * stable.
 */
const FIXED_ORDER: Record<'attention' | 'oldest', OrderSql> = {
  // Overdue open cases first, most overdue first; then the most recently updated.
  attention: {
    inner: (overdue) => `3 DESC, CASE WHEN ${overdue} THEN respond_by END ASC, updated_at DESC, ref ASC`,
    outer:
      'page.overdue DESC, CASE WHEN page.overdue THEN page.respond_by END ASC, page.updated_at DESC, page.ref ASC',
  },
  oldest: {
    inner: () => 'created_at ASC, ref ASC',
    outer: 'page.created_at ASC, page.ref ASC',
  },
};

/**
 * The sort key of each column sort, over `cases`. Names are the directory's, looked up per case (a scalar
 * subquery, so the list's conditions keep their unqualified column names); letter case is ignored.
 */
const COLUMN_KEY: Record<Exclude<CaseSort, 'attention' | 'oldest'>, (params: Params) => string> = {
  ref: () => 'ref',
  title: () => `lower(doc->>'title')`,
  status: (params) => `array_position(${params.add([...CASE_STATUSES], 'text[]')}, status)`,
  raised: () => 'created_at',
  due: () => 'respond_by',
  department: () => '(SELECT lower(d.name) FROM departments d WHERE d.id = cases.department_id)',
  member: () => '(SELECT lower(p.display_name) FROM people p WHERE p.id = cases.member_id)',
};

/**
 * The ORDER BY of a page: a fixed order, or a column's key in the direction asked, with no value (no
 * department yet, an MP's enquiry without a member) last either way, then the reference in the same direction.
 */
const orderOf = (page: CasePageRequest, params: Params): OrderSql => {
  const sort = page.sort ?? 'attention';
  if (!isColumnSort(sort)) return FIXED_ORDER[sort];
  const dir = page.dir === 'desc' ? 'DESC' : 'ASC';
  return {
    key: COLUMN_KEY[sort](params),
    inner: () => `sort_key ${dir} NULLS LAST, ref ${dir}`,
    outer: `page.sort_key ${dir} NULLS LAST, page.ref ${dir}`,
  };
};

type NullableEventRow = { [K in keyof CaseEventRow]: CaseEventRow[K] | null };
type LatestResponseRow = {
  r_seq: number | null;
  r_at: string | null;
  r_actor_id: string | null;
  r_data: Record<string, unknown> | null;
};

/**
 * Whether the case (`alias` of a `cases` row) has news for `reader` (`domain/case-news.ts`): the reader is its
 * member, and an entry after the last they saw was made by someone else and is not one of the SLA clock's
 * notices. The primary key (case_id, seq) serves the search for it.
 */
const hasNews = (alias: string, readerId: PersonId, params: Params): string => {
  const reader = params.add(readerId, 'text');
  return `(${alias}.member_id = ${reader} AND EXISTS (
    SELECT 1 FROM case_events e
     WHERE e.case_id = ${alias}.id
       AND e.seq > coalesce(
             (SELECT r.seen_seq FROM case_reads r WHERE r.person_id = ${reader} AND r.case_id = ${alias}.id), 0)
       AND NOT (e.type = ANY(${params.add([...QUIET_EVENT_TYPES], 'text[]')}))
       AND e.actor_id IS DISTINCT FROM ${reader}))`;
};

/** How many of the latest events to read: a whole number from 0 to 1,000. */
const checkedLast = (last: number): number => {
  if (!Number.isInteger(last) || last < 0 || last > 1_000)
    throw new RangeError(`last must be a whole number from 0 to 1000, not ${last}`);
  return last;
};

/**
 * Adds one entry to a case's history from another part of the store (a document added or removed) inside the
 * caller's transaction. The case row is locked first, as a case change locks it, so the entry takes the next
 * number whichever writes first; the case's version is left alone (its details did not change, and a person
 * answering the case must not be told someone else changed it).
 */
export const appendCaseEvent = async (tx: Sql, caseId: CaseId, event: CaseEventDraft): Promise<void> => {
  await tx.query(`SELECT 1 FROM cases WHERE id = $1::uuid FOR UPDATE`, [caseId]);
  const { rows } = await tx.query<{ last: number }>(
    `SELECT coalesce(max(seq), 0) AS last FROM case_events WHERE case_id = $1::uuid`,
    [caseId],
  );
  await appendEvents(tx, caseId, rows[0]?.last ?? 0, [event]);
};

/** Appends the events after `lastSeq` and returns them numbered. */
const appendEvents = async (
  tx: Sql,
  caseId: CaseId,
  lastSeq: number,
  events: readonly CaseEventDraft[],
): Promise<CaseEvent[]> => {
  const appended: CaseEvent[] = [];
  for (const [i, e] of events.entries()) {
    const seq = lastSeq + i + 1;
    await tx.query(
      `INSERT INTO case_events (case_id, seq, at, actor_id, type, data)
       VALUES ($1::uuid, $2::integer, $3::timestamptz, $4::text, $5::text, $6::jsonb)`,
      [caseId, seq, e.at, e.actorId, e.type, JSON.stringify(e.data)],
    );
    appended.push({ ...e, caseId, seq });
  }
  return appended;
};

/** Entries about this case name it unless they say otherwise (null stays null). */
const insertAudit = async (tx: Sql, c: Case, entries: readonly AuditEntryDraft[]) => {
  for (const entry of entries) {
    await insertAuditEntry(tx, {
      ...entry,
      caseId: entry.caseId === undefined ? c.id : entry.caseId,
      caseRef: entry.caseRef === undefined ? c.ref : entry.caseRef,
    });
  }
};

const checkPage = (page: CasePageRequest): void => {
  // The order is spliced into the SQL, so only the known sorts may reach it.
  if (page.sort !== undefined && !(CASE_SORTS as readonly string[]).includes(page.sort))
    throw new ValidationError('Unknown sort order.', [
      { path: 'sort', message: `Must be one of ${CASE_SORTS.join(', ')}.` },
    ]);
  if (page.dir !== undefined && !(SORT_DIRECTIONS as readonly string[]).includes(page.dir))
    throw new ValidationError('Unknown sort direction.', [{ path: 'dir', message: 'Must be asc or desc.' }]);
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_SIZE)
    throw new ValidationError(`A page holds 1 to ${MAX_PAGE_SIZE} cases.`, [
      { path: 'limit', message: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` },
    ]);
  if (!Number.isInteger(page.offset) || page.offset < 0)
    throw new ValidationError('The page offset must be a whole number, 0 or more.', [
      { path: 'offset', message: 'Must be a whole number, 0 or more.' },
    ]);
};

/**
 * The access policy's list scope as conditions on `cases` (by bare column name): the one translation, used by
 * case lists and by document search alike.
 */
export const scopeConditions = (scope: Exclude<ListScope, { kind: 'none' }>, params: Params): string[] => {
  switch (scope.kind) {
    case 'all':
      return [];
    case 'member': {
      const member = params.add(scope.memberId, 'text');
      // `@>` rather than `= ANY(...)`: only the containment operator can use the GIN index on shared_with.
      return [`(member_id = ${member} OR shared_with @> ARRAY[${member}])`];
    }
    case 'department':
      return [`department_id = ${params.add(scope.departmentId, 'text')}`];
  }
};

/**
 * A search (`domain/case-search.ts`) as conditions: a reference exactly, a reference's start, or each word
 * as a word's start (`'zephyr':*`) in the case's own text, the constituent's address and postcode where the
 * policy lets this person match them, or a document's name or text; a short number also as a case number.
 * Each word is its own condition, so words may match in different places (a street in the address, a topic
 * in the title); every condition can use a GIN index.
 */
const textConditions = (filter: CaseFilter, params: Params): string[] => {
  const search = parseCaseSearch(filter.text ?? '');
  switch (search.kind) {
    case 'nothing':
      return [];
    case 'ref':
      return [`ref = ${params.add(search.ref, 'text')}`];
    case 'ref-prefix':
      return [`ref LIKE ${params.add(`${search.prefix}%`, 'text')}`];
    case 'words': {
      const constituent = filter.constituentText ?? 'none';
      const matches = (word: string): string => {
        // Letters and digits only (parseCaseSearch), so the quoted lexeme cannot carry query syntax.
        const q = `to_tsquery('english', ${params.add(`'${word}':*`, 'text')})`;
        const places = [
          `search @@ ${q}`,
          ...(constituent === 'all' ? [`search_constituent @@ ${q}`] : []),
          ...(constituent === 'consented'
            ? [`(search_constituent @@ ${q} AND (doc->'constituent'->>'consentToShare')::boolean)`]
            : []),
          `EXISTS (SELECT 1 FROM documents d
                    WHERE d.case_id = cases.id AND d.removed_at IS NULL AND d.search @@ ${q})`,
        ];
        const number = caseNumberOf(word);
        if (number !== null) places.push(`ref LIKE ${params.add(`MH-____-${number}`, 'text')}`);
        return `(${places.join(' OR ')})`;
      };
      const each = search.words.map(matches);
      return [
        search.any ? `(${each.join(' OR ')})` : each.join(' AND '),
        ...search.without.map((word) => `NOT ${matches(word)}`),
      ];
    }
  }
};

const filterConditions = (filter: CaseFilter, params: Params): string[] => {
  const where: string[] = [];
  if (filter.memberId !== undefined) where.push(`member_id = ${params.add(filter.memberId, 'text')}`);
  if (filter.statuses !== undefined)
    where.push(`status = ANY(${params.add([...filter.statuses], 'text[]')})`);
  if (filter.overdueOn !== undefined)
    where.push(
      `(status = ANY(${params.add([...OPEN_STATUSES], 'text[]')}) AND respond_by < ${params.add(filter.overdueOn, 'date')})`,
    );
  if (filter.atRiskUntil !== undefined)
    where.push(
      `(status = ANY(${params.add([...OPEN_STATUSES], 'text[]')}) AND respond_by <= ${params.add(filter.atRiskUntil, 'date')})`,
    );
  if (filter.openTo !== undefined) {
    // isOpenTo (domain/case-news.ts) in SQL: awaiting an answer, or an answer still new to the member within
    // the follow-up window. Only responded cases reach the news test.
    // Written as one status set (so the (member_id, status) and (department_id, status) indexes choose the
    // rows) and a condition on the responded ones; follow_up_until is ISO text (migration 017), compared
    // without reading the document.
    const today = params.add(filter.openTo.today, 'text');
    where.push(
      `(status = ANY(${params.add([...AWAITING_ANSWER_STATUSES, 'responded'], 'text[]')}) AND (status <> 'responded'
        OR (follow_up_until >= ${today} AND ${hasNews('cases', filter.openTo.readerId, params)})))`,
    );
  }
  // The partial index cases_unassigned holds exactly these rows (the triage queue).
  if (filter.unassigned === true) where.push('department_id IS NULL');
  if (filter.wardId !== undefined) where.push(`ward_id = ${params.add(filter.wardId, 'text')}`);
  if (filter.departmentId !== undefined)
    where.push(`department_id = ${params.add(filter.departmentId, 'text')}`);
  if (filter.category !== undefined)
    where.push(`lower(doc->>'category') = lower(${params.add(filter.category, 'text')})`);
  // Days in Europe/London: from the start of the first day to the start of the day after the last.
  if (filter.raisedFrom !== undefined)
    where.push(
      `created_at >= (${params.add(filter.raisedFrom, 'date')}::timestamp AT TIME ZONE 'Europe/London')`,
    );
  if (filter.raisedTo !== undefined)
    where.push(
      `created_at < ((${params.add(filter.raisedTo, 'date')} + 1)::timestamp AT TIME ZONE 'Europe/London')`,
    );
  if (filter.text !== undefined) where.push(...textConditions(filter, params));
  return where;
};
