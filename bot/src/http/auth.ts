import type { Directory } from '../app/ports';
import type { Actor } from '../app/actor';
import type { EntraSignIn } from '../app/entra-sign-in';
import { DomainError } from '../domain/errors';
import type { TokenValidator } from '../adapters/identity/token-validator';
import { parseBearer } from '../adapters/identity/token-validator';

/** Signed in with a valid token, but the directory does not know the person (or, from Entra ID, they hold no role). */
export class NotRegisteredError extends DomainError {
  readonly code = 'not_registered';
  constructor(
    message = 'You are signed in, but you are not set up in Members\u2019 Hub. Ask Democratic Services to add you.',
  ) {
    super(message);
  }
}

/** What a person from Entra ID with no app role is told. */
export const NO_ROLE_MESSAGE =
  'You are signed in, but you have no role in Members\u2019 Hub. Ask your IT team to assign you one of its roles in Microsoft Entra ID.';

export interface Authenticator {
  authenticate(authorization: string | undefined, requestId: string): Promise<Actor>;
}

/**
 * Turns a bearer token into the acting person: the same code for the local issuer's tokens and Entra ID's.
 * Roles come from the token's `roles` claim; department and wards come from the directory. With `entra`
 * (Microsoft 365 mode) a person's first token registers them, and a token newer than the directory's roles
 * brings them up to date, while the directory sync's word wins over an older token (app/entra-sign-in.ts).
 */
export const makeAuthenticator = (deps: {
  tokens: Pick<TokenValidator, 'validate'>;
  directory: Pick<Directory, 'personByOid'>;
  entra?: EntraSignIn | undefined;
}): Authenticator => ({
  async authenticate(authorization, requestId) {
    const claims = await deps.tokens.validate(parseBearer(authorization));
    const existing = await deps.directory.personByOid(claims.oid.toLowerCase());
    if (deps.entra) {
      const person = await deps.entra.person(existing, claims, requestId);
      if (!person) throw new NotRegisteredError(NO_ROLE_MESSAGE);
      return { person, requestId };
    }
    if (!existing) throw new NotRegisteredError();
    return { person: { ...existing, roles: claims.roles }, requestId };
  },
});
