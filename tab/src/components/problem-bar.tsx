import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { ApiError } from '../api/client';
import { formatBytes } from './format';

export interface Problem {
  title: string;
  /** What happened and what to do next, in the council's words. */
  body: string;
  intent: 'error' | 'warning';
  /** The next step this bar offers as a button or link. */
  next: 'retry' | 'sign-in' | 'none';
  requestId?: string;
  issues: { path: string; message: string }[];
}

/** Turns any failure into words for the person: never a raw error, always a next step. */
export const describeProblem = (error: unknown): Problem => {
  if (!(error instanceof ApiError))
    return {
      title: 'Something went wrong',
      body: 'The page could not finish what it was doing. Try again; if it keeps happening, reload the tab.',
      intent: 'error',
      next: 'retry',
      issues: [],
    };
  const base = { requestId: error.requestId, issues: error.issues };
  switch (error.status) {
    case 0:
      return {
        ...base,
        title: 'Members’ Hub could not be reached',
        body: 'Check your network connection, then try again.',
        intent: 'error',
        next: 'retry',
      };
    case 401:
      return {
        ...base,
        title: 'Your sign-in has expired',
        body: 'Sign in again to carry on. Nothing you had saved is lost.',
        intent: 'warning',
        next: 'sign-in',
      };
    case 403:
      return error.code === 'not_registered'
        ? {
            ...base,
            title: 'You are not set up in Members’ Hub',
            body: 'Ask Democratic Services to add you, then reopen the tab.',
            intent: 'warning',
            next: 'none',
          }
        : {
            ...base,
            title: 'You cannot do this',
            body: `${error.message} If you think you should be able to, ask Democratic Services.`,
            intent: 'warning',
            next: 'none',
          };
    case 404:
      return {
        ...base,
        title: 'Not found',
        body: 'There is no such case, or it is not one you can see. Check the reference, or open your cases from the menu.',
        intent: 'warning',
        next: 'none',
      };
    case 409:
      return error.code === 'conflict'
        ? {
            ...base,
            title: 'Someone else changed this case',
            body: 'It changed while you were looking at it. Load it again to see the latest, then try once more.',
            intent: 'warning',
            next: 'retry',
          }
        : error.code === 'mailbox_unavailable'
          ? {
              ...base,
              title: 'Outlook mail is not available here',
              body: error.message,
              intent: 'warning',
              next: 'none',
            }
          : { ...base, title: 'Not possible now', body: error.message, intent: 'warning', next: 'none' };
    case 413:
      return {
        ...base,
        title: 'This file is too large',
        body: `${
          error.maxBytes !== undefined
            ? `Files can be up to ${formatBytes(error.maxBytes)}.`
            : 'The service does not accept a file this size.'
        } Make it smaller (for example, save a PDF at a lower quality, or split it into parts) and add it again.`,
        intent: 'warning',
        next: 'none',
      };
    case 503:
      return error.code === 'store_unavailable'
        ? {
            ...base,
            title: 'Documents are not available just now',
            body: 'The document store could not be reached. Try again in a few minutes; if it keeps happening, tell the IT service desk and quote the reference below.',
            intent: 'error',
            next: 'retry',
          }
        : {
            ...base,
            title: 'Something went wrong on our side',
            body: 'Try again in a moment. If it keeps happening, tell the IT service desk and quote the reference below.',
            intent: 'error',
            next: 'retry',
          };
    case 400:
    case 422:
      if (error.code === 'request_key_reused')
        return {
          ...base,
          title: 'This form already raised a case',
          body: 'An earlier try went through after all. Check My cases before raising it again: send the form once more only if the case is not there.',
          intent: 'warning',
          next: 'none',
        };
      return {
        ...base,
        title: 'Please check what you entered',
        body: error.message,
        intent: 'warning',
        next: 'none',
      };
    default:
      return {
        ...base,
        title: 'Something went wrong on our side',
        body: 'Try again in a moment. If it keeps happening, tell the IT service desk and quote the reference below.',
        intent: 'error',
        next: 'retry',
      };
  }
};

/** A Fluent message bar for a failure, with its next step. */
export const ProblemBar = ({
  error,
  onRetry,
  onSignIn,
  describe = describeProblem,
}: {
  error: unknown;
  onRetry?: () => void;
  onSignIn?: () => void;
  /** Words for this place, where the general ones would mislead (a missing document is not a missing case). */
  describe?: (error: unknown) => Problem;
}) => {
  const problem = describe(error);
  return (
    <MessageBar intent={problem.intent} layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{problem.title}</MessageBarTitle> {problem.body}
        {problem.issues.length > 0 && (
          <ul>
            {problem.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path}: {i.message}
              </li>
            ))}
          </ul>
        )}
        {/* Not "Reference": that reads like a case reference. This is for the IT service desk. */}
        {problem.requestId && <div>Request id, for the IT service desk: {problem.requestId}</div>}
      </MessageBarBody>
      <MessageBarActions>
        {problem.next === 'retry' && onRetry && <Button onClick={onRetry}>Try again</Button>}
        {problem.next === 'sign-in' && onSignIn && (
          <Link as="button" onClick={onSignIn}>
            Sign in again
          </Link>
        )}
      </MessageBarActions>
    </MessageBar>
  );
};
