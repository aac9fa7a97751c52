/**
 * Typed domain errors. The HTTP edge maps each `code` to a status once (see http/error-mapper.ts);
 * the bot maps them to sentences. Messages are safe to show: they never carry personal data.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks a rule (e.g. a follow-up after the window closed). */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * A query that cannot be answered as asked, though its parameters are well-formed text (e.g. a reporting
 * period that ends before it starts). Mapped to 400, like a request that fails its schema.
 */
export class InvalidQueryError extends DomainError {
  readonly code = 'bad_request';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * A value that must be chosen from a managed list is not on it (a category that does not exist or is
 * retired). Mapped to 400 with the field named in `issues`, like a request that fails its schema.
 */
export class UnknownChoiceError extends DomainError {
  readonly code = 'bad_request';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * The directory cannot be changed here: in Microsoft 365 mode wards, departments and people come from
 * Microsoft 365, so the app does not edit them.
 */
export class ReadOnlyError extends DomainError {
  readonly code = 'read_only';
  constructor(
    message = 'People and their roles come from Microsoft 365 (Entra ID) in this deployment: change them there.',
  ) {
    super(message);
  }
}

/** The action is not allowed from the case's current status. */
export class IllegalTransitionError extends DomainError {
  readonly code = 'illegal_transition';
  constructor(
    readonly action: string,
    readonly from: string,
  ) {
    super(`A case that is ${from} cannot be given the action "${action}".`);
  }
}

/** The case does not exist, or the person may not know that it does (the two are indistinguishable). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(what = 'case') {
    super(`No such ${what}.`);
  }
}

/** The person may see the case but not do this to it. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(message = 'You are not allowed to do that.') {
    super(message);
  }
}

/** Someone else changed the case since the caller read it. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(message = 'The case was changed by someone else; reload it and try again.') {
    super(message);
  }
}

/**
 * A request key (the client's idempotency key) that was already used for a different request: answering with
 * what the first request made would be wrong, and making something new would defeat the key.
 */
export class RequestKeyReusedError extends DomainError {
  readonly code = 'request_key_reused';
  constructor(
    message = 'This Idempotency-Key was already used for a different request: send a new key for a new case.',
  ) {
    super(message);
  }
}

/** The content is larger than the service accepts (a document over `DOCUMENT_MAX_BYTES`). */
export class TooLargeError extends DomainError {
  readonly code = 'payload_too_large';
  constructor(
    readonly maxBytes: number,
    message = `The file is larger than the ${formatBytes(maxBytes)} this service accepts.`,
  ) {
    super(message);
  }
}

/**
 * There is no mailbox to read here: the embedded default has none (file emails by uploading `.eml` files), or
 * the deployment was set up without mail.
 */
export class MailboxUnavailableError extends DomainError {
  readonly code = 'mailbox_unavailable';
  constructor(
    message = 'Filing from your mailbox is not available here: upload the email as an .eml file instead.',
  ) {
    super(message);
  }
}

/** `209715200` → `200 MiB`; small sizes in KiB or bytes. */
export const formatBytes = (bytes: number): string => {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
};

/**
 * Why a token was refused, for logs and metrics only: the HTTP edge must not tell the caller which check
 * failed. `expired` covers every time-window failure (past `exp`, before `nbf`, too old); `missing-token`
 * means no bearer token was offered at all.
 */
export type UnauthenticatedReason =
  | 'expired'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'wrong-tenant'
  | 'malformed'
  | 'missing-claims'
  | 'missing-token';

/** The caller is not signed in, or the token is not acceptable. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  constructor(
    message = 'Sign in again: your token is missing, expired or not valid for Members\u2019 Hub.',
    readonly reason?: UnauthenticatedReason,
  ) {
    super(message);
  }
}
