import type { Directory } from '../app/ports';
import type { Actor } from '../app/actor';
import { DomainError } from '../domain/errors';
import type { TokenValidator } from '../adapters/identity/token-validator';
import { parseBearer } from '../adapters/identity/token-validator';

/** Signed in with a valid token, but the directory does not know the person. */
export class NotRegisteredError extends DomainError {
  readonly code = 'not_registered';
  constructor() {
    super(
      'You are signed in, but you are not set up in Members\u2019 Hub. Ask Democratic Services to add you.',
    );
  }
}

export interface Authenticator {
  authenticate(authorization: string | undefined, requestId: string): Promise<Actor>;
}

/**
 * Turns a bearer token into the acting person: the same code for the local issuer's tokens and Entra ID's.
 * Roles come from the token's `roles` claim; department and wards come from the directory.
 */
export const makeAuthenticator = (deps: {
  tokens: Pick<TokenValidator, 'validate'>;
  directory: Pick<Directory, 'personByOid'>;
}): Authenticator => ({
  async authenticate(authorization, requestId) {
    const claims = await deps.tokens.validate(parseBearer(authorization));
    const person = await deps.directory.personByOid(claims.oid);
    if (!person) throw new NotRegisteredError();
    return { person: { ...person, roles: claims.roles }, requestId };
  },
});
