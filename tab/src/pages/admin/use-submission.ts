import { useState } from 'react';
import { ApiError } from '../../api/client';
import { errorsFromIssues, type Errors } from './directory-forms';

/**
 * The state of a dialog's save: the field messages (from the form's own check or the service's 422), the
 * service's refusal for the problem bar, and whether a request is under way.
 */
export const useSubmission = <F extends string>(fields: readonly F[]) => {
  const [errors, setErrors] = useState<Errors<F>>({});
  const [problem, setProblem] = useState<{ error: unknown } | null>(null);
  const [saving, setSaving] = useState(false);

  /** The form's own check found mistakes: show them, send nothing. */
  const showErrors = (found: Errors<F>) => {
    setErrors(found);
    setProblem(null);
  };

  /** Sends `request`; `onDone` runs once it succeeds, otherwise the refusal is shown in the dialog. */
  const send = async (request: () => Promise<unknown>, onDone: () => void) => {
    setErrors({});
    setProblem(null);
    setSaving(true);
    try {
      await request();
    } catch (error: unknown) {
      setProblem({ error });
      setErrors(error instanceof ApiError ? errorsFromIssues(error.issues, fields) : {});
      setSaving(false);
      return;
    }
    onDone();
  };

  return { errors, problem, saving, showErrors, send };
};
