import { ZodError } from 'zod';
import { DocumentStoreError } from '../app/document-store';
import {
  DomainError,
  InvalidQueryError,
  TooLargeError,
  UnknownChoiceError,
  ValidationError,
} from '../domain/errors';

/** An error body as the API returns it. Never a stack trace; personal data never appears in messages. */
export interface ApiError {
  status: number;
  body: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    /** 413 for a document: the largest accepted, in bytes. */
    maxBytes?: number;
  };
}

/** Raised by the HTTP edge for requests that are malformed before they reach a use case. */
export class BadRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** A request body larger than the route accepts, counted after inflation (413 `payload_too_large`). */
export class BodyTooLargeError extends Error {
  readonly code = 'payload_too_large';
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than the ${maxBytes} bytes this route accepts.`);
    this.name = 'BodyTooLargeError';
  }
}

/** A body of a media type or encoding the route does not take (415 `unsupported_media_type`). */
export class UnsupportedMediaTypeError extends Error {
  readonly code = 'unsupported_media_type';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_registered: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  read_only: 409,
  mailbox_unavailable: 409,
  payload_too_large: 413,
  validation_failed: 422,
  request_key_reused: 422,
};

const zodIssues = (error: ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/** Maps any thrown value to the one error shape the API uses. Unknown errors become a bare 500. */
export const toApiError = (error: unknown): ApiError => {
  if (error instanceof BadRequestError) {
    return {
      status: 400,
      body: {
        code: error.code,
        message: error.message,
        ...(error.issues.length ? { issues: error.issues } : {}),
      },
    };
  }
  if (error instanceof BodyTooLargeError || error instanceof UnsupportedMediaTypeError) {
    return {
      status: error instanceof BodyTooLargeError ? 413 : 415,
      body: { code: error.code, message: error.message },
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { code: 'bad_request', message: 'The request is not valid.', issues: zodIssues(error) },
    };
  }
  if (error instanceof TooLargeError) {
    return { status: 413, body: { code: error.code, message: error.message, maxBytes: error.maxBytes } };
  }
  if (error instanceof DocumentStoreError) return storeError(error);
  if (error instanceof DomainError) {
    const issues =
      (error instanceof ValidationError ||
        error instanceof InvalidQueryError ||
        error instanceof UnknownChoiceError) &&
      error.issues.length
        ? { issues: [...error.issues] }
        : {};
    return {
      status: STATUS_BY_CODE[error.code] ?? 400,
      body: { code: error.code, message: error.message, ...issues },
    };
  }
  return {
    status: 500,
    body: {
      code: 'internal',
      message: 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.',
    },
  };
};

/**
 * A document store failure (the store has already retried what can be retried). Throttling and outages are
 * 503 `store_unavailable` (try again later); a file that is too large for the store is 413; anything else is
 * 502 `store_failed`. The store's own request id goes to the log with the error, never into the body.
 */
const storeError = (error: DocumentStoreError): ApiError => {
  switch (error.code) {
    case 'throttled':
    case 'unavailable':
      return {
        status: 503,
        body: {
          code: 'store_unavailable',
          message: 'The document store is busy or unavailable. Try again in a few minutes.',
        },
      };
    case 'too-large':
      return {
        status: 413,
        body: { code: 'payload_too_large', message: 'The document store does not accept a file this large.' },
      };
    default:
      return {
        status: 502,
        body: {
          code: 'store_failed',
          message:
            'The document store could not do that. Try again; if it keeps happening, quote the request id.',
        },
      };
  }
};
