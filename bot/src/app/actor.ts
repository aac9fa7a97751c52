import type { Person } from '../domain/person';

/** The signed-in person on whose behalf a use case runs, and the request it came from (for the audit log). */
export interface Actor {
  person: Person;
  requestId: string;
}
