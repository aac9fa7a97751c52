import type { PersonId } from '../domain/ids';
import type { Person } from '../domain/person';
import type { Clock, Department, Directory, Ward } from './ports';

/** How long the directory's answers are reused: roles, names and departments change rarely. */
export const DIRECTORY_CACHE_TTL_MS = 60_000;

/** At most this many people are remembered (by oid and by id each); beyond that the oldest are dropped. */
export const DIRECTORY_CACHE_MAX_PEOPLE = 5_000;

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/**
 * A read-through cache with a time to live, keyed by string. A lookup in flight is shared by everyone who
 * asks for the same key meanwhile; a lookup that fails is not kept, so the next call asks again.
 */
const readThrough = <T>(clock: Clock, ttlMs: number, maxEntries: number) => {
  const entries = new Map<string, Entry<T>>();
  const read = (key: string, load: () => Promise<T>): Promise<T> => {
    const now = clock.now().getTime();
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (cached) entries.delete(key);
    const value = load();
    const entry = { value, expiresAt: now + ttlMs };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    // Maps iterate in insertion order: the first key is the oldest.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return value;
  };
  return Object.assign(read, { clear: () => entries.clear() });
};

/** The directory, cached; `invalidate` forgets every answer, for when this process has just changed it. */
export interface CachedDirectory extends Directory {
  /**
   * Forgets everything cached, so the next lookups read the directory again. A lookup already in flight still
   * answers whoever asked before; it is not kept for anyone after.
   */
  invalidate(): void;
}

/**
 * The directory with its answers kept for `ttlMs` (60 s by default): departments, wards, and people by Entra
 * object id and by id. A bot turn or API request then costs no directory query on most requests.
 *
 * The price is staleness, bounded by the TTL: a person whose roles, wards or department change (or who is
 * removed) is seen as before for up to a minute on this instance; a department or ward renamed or added
 * likewise. Changes made through this process (the admin API) call `invalidate`, so only other instances
 * wait. `people()` (the full list, used rarely) is not cached. Results are shared, so callers must not change
 * them.
 */
export const cachedDirectory = (
  directory: Directory,
  clock: Clock,
  ttlMs: number = DIRECTORY_CACHE_TTL_MS,
): CachedDirectory => {
  const wards = readThrough<Ward[]>(clock, ttlMs, 1);
  const departments = readThrough<Department[]>(clock, ttlMs, 1);
  const byOid = readThrough<Person | null>(clock, ttlMs, DIRECTORY_CACHE_MAX_PEOPLE);
  const byId = readThrough<Person | null>(clock, ttlMs, DIRECTORY_CACHE_MAX_PEOPLE);
  return {
    personByOid: (oid: string) => byOid(oid, () => directory.personByOid(oid)),
    person: (id: PersonId) => byId(id, () => directory.person(id)),
    people: () => directory.people(),
    wards: () => wards('all', () => directory.wards()),
    departments: () => departments('all', () => directory.departments()),
    invalidate: () => {
      for (const cache of [wards, departments, byOid, byId]) cache.clear();
    },
  };
};
