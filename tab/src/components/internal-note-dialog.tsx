import {
  Body1,
  Dialog,
  DialogSurface,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import { describeDetails, NOTE_MAX_LENGTH, personalDetailsIn } from '../../../bot/src/domain/internal-note';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/client';
import type { CaseView, InternalNote } from '../api/types';
import { DialogForm } from '../pages/admin/edit-dialog';

/**
 * Adds an officer's internal note to a case. The form says who will see the note, and warns as the officer
 * types when the note holds the constituent's name, e-mail, phone or postcode (the same check the service
 * makes, from `bot/src/domain/internal-note.ts`): such a note is not sent, and the service refuses it too.
 */
export const InternalNoteDialog = ({
  c,
  onClose,
  onDone,
}: {
  c: CaseView;
  onClose: () => void;
  onDone: (note: InternalNote) => void;
}) => {
  const api = useApi();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const details = personalDetailsIn(text, { ...c.constituent });
  const detailsMessage =
    details.length > 0
      ? `Remove the constituent’s ${describeDetails(details)}: internal notes must not hold the constituent’s personal details.`
      : undefined;

  const submit = async () => {
    const trimmed = text.trim();
    const problem =
      trimmed === ''
        ? 'Write the note first.'
        : trimmed.length > NOTE_MAX_LENGTH
          ? `The note is too long: use at most ${NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters.`
          : detailsMessage;
    setError(problem);
    if (problem) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await api.addNote(c.ref, trimmed));
    } catch (e) {
      setBusy(false);
      const issue = e instanceof ApiError ? e.issues.find((i) => i.path === 'text') : undefined;
      if (issue) setError(issue.message);
      else setFailure(e);
    }
  };

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby="note-who-sees">
        <DialogForm
          title={`Add an internal note: ${c.ref}`}
          submitLabel="Save the note"
          saving={busy}
          problem={failure !== undefined ? { error: failure } : null}
          errors={error ? { text: error } : {}}
          onCancel={onClose}
          onSubmit={() => void submit()}
        >
          <Body1 id="note-who-sees">
            Internal notes are seen only by support officers and the officers of the case’s department: never
            by the councillor, never sent to the constituent. Do not write the constituent’s name, e-mail
            address, phone number or postcode in a note; they stay on the case itself.
          </Body1>
          {detailsMessage && !error && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>This note holds personal details</MessageBarTitle>
                {detailsMessage}
              </MessageBarBody>
            </MessageBar>
          )}
          <Field
            label="Note"
            required
            hint={`Up to ${NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters`}
            validationMessage={error}
            validationState={error ? 'error' : 'none'}
          >
            <Textarea
              value={text}
              rows={5}
              resize="vertical"
              onChange={(_e, data) => {
                setText(data.value);
                setError(undefined);
              }}
            />
          </Field>
        </DialogForm>
      </DialogSurface>
    </Dialog>
  );
};
