import { reconcileRoles, sameRoles, type Person, type Role } from '../domain/person';
import type { CachedDirectory } from './cached-directory';
import type { EntraPeopleStore, EntraPersonFacts } from './entra-directory';
import type { AuditEntryDraft, Clock } from './ports';

/** What a validated Entra token says about the person. */
export interface TokenFacts {
  oid: string;
  roles: readonly Role[];
  name?: string | undefined;
  preferredUsername?: string | undefined;
  /** The token's `iat`: when Entra ID worked out its roles. */
  issuedAt?: Date | undefined;
}

/**
 * Registration and roles from the token, in Microsoft 365 mode (docs/people.md). Nobody is typed in: the first
 * token of a person with at least one app role registers them (object id, name, user principal name), and a
 * token newer than what the directory knows brings their roles, name and e-mail up to date, so the bot (which
 * has no token) sees what the API sees. A token older than the directory's last word (the sync saw an
 * assignment removed after the token was issued) does not win: the directory's roles apply.
 */
export const makeEntraSignIn = (deps: {
  people: Pick<EntraPeopleStore, 'register' | 'updateFromToken'>;
  cache: Pick<CachedDirectory, 'invalidate'>;
  clock: Clock;
}) => {
  const facts = (token: TokenFacts): EntraPersonFacts => {
    const email = token.preferredUsername ?? '';
    return {
      oid: token.oid.toLowerCase(),
      displayName: token.name ?? (email || token.oid),
      email,
      roles: token.roles,
      asOf: (token.issuedAt ?? deps.clock.now()).toISOString(),
    };
  };
  const audit = (
    action: string,
    personId: string,
    requestId: string,
    detail: Record<string, unknown>,
  ): AuditEntryDraft => ({
    at: deps.clock.now().toISOString(),
    actorId: personId,
    action,
    outcome: 'allowed',
    requestId,
    detail: { personId, source: 'token', ...detail },
  });

  return {
    /**
     * The person a token stands for, with the roles Entra ID gave them most recently; null when they hold no
     * role (then they are not registered either). `existing` is what the directory holds for the token's oid.
     */
    person: async (existing: Person | null, token: TokenFacts, requestId: string): Promise<Person | null> => {
      const now = facts(token);
      if (existing === null) {
        if (now.roles.length === 0) return null;
        const registered = await deps.people.register(
          now,
          audit('directory.person.register', now.oid, requestId, { roles: [...now.roles] }),
        );
        deps.cache.invalidate();
        return registered;
      }
      // A person kept by hand (local mode's seed): their roles are the token's, as they always were.
      if (existing.source !== 'entra') return { ...existing, roles: [...token.roles] };
      const stored = {
        roles: existing.roles,
        asOf: existing.rolesAsOf === undefined ? -Infinity : Date.parse(existing.rolesAsOf),
      };
      const held = reconcileRoles(stored, { roles: now.roles, asOf: Date.parse(now.asOf) });
      // The token is at least as new as the directory: its name and e-mail are the latest too.
      const tokenCurrent = held.asOf >= Date.parse(now.asOf);
      const changed =
        !sameRoles(existing.roles, held.roles) ||
        (tokenCurrent &&
          (existing.displayName !== now.displayName || (now.email !== '' && existing.email !== now.email)));
      if (!changed) return existing.roles.length > 0 ? existing : null;
      const updated = await deps.people.updateFromToken(
        {
          ...now,
          roles: held.roles,
          asOf: new Date(held.asOf).toISOString(),
          ...(tokenCurrent ? {} : { displayName: existing.displayName, email: existing.email }),
        },
        audit('directory.person.roles', existing.id, requestId, {
          from: [...existing.roles],
          to: [...held.roles],
        }),
      );
      deps.cache.invalidate();
      const person = updated ?? existing;
      return person.roles.length > 0 ? person : null;
    },
  };
};

export type EntraSignIn = ReturnType<typeof makeEntraSignIn>;
