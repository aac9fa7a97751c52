import { ZodError } from 'zod';
import { DomainError, InvalidQueryError, ValidationError } from '../domain/errors';

/** An error body as the API returns it. Never a stack trace; personal data never appears in messages. */
export interface ApiError {
  status: number;
  body: { code: string; message: string; issues?: { path: string; message: string }[] };
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

const STATUS_BY_CODE: Record<string, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_registered: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  read_only: 409,
  validation_failed: 422,
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
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { code: 'bad_request', message: 'The request is not valid.', issues: zodIssues(error) },
    };
  }
  if (error instanceof DomainError) {
    const issues =
      (error instanceof ValidationError || error instanceof InvalidQueryError) && error.issues.length
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
