import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { ProblemBar } from '../../components/problem-bar';
import { useEditDialogStyles } from './edit-dialog.styles';
import { useFocusFirstInvalid } from './focus-first-invalid';

/** Runs `run` when it unmounts: when the dialog's surface has gone, after its closing motion. */
const WhenGone = ({ run }: { run: () => void }) => {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => () => latest.current(), []);
  return null;
};

/**
 * A modal for adding or changing one record. Its content (a DialogForm) is mounted afresh each time it
 * opens. `onClosed` runs once it has gone, to return focus to the button that opened it (the dialog is not
 * opened by a DialogTrigger, so Fluent does not know that button).
 */
export const EditDialog = ({
  open,
  onDismiss,
  onClosed,
  children,
}: {
  open: boolean;
  onDismiss: () => void;
  onClosed: () => void;
  children: ReactNode;
}) => (
  <Dialog
    open={open}
    modalType="modal"
    onOpenChange={(_e, data) => {
      if (!data.open) onDismiss();
    }}
  >
    <DialogSurface>
      <WhenGone run={onClosed} />
      {children}
    </DialogSurface>
  </Dialog>
);

/** The form inside an EditDialog: title, the service's refusal if any, the fields, and Save / Cancel. */
export const DialogForm = ({
  title,
  submitLabel,
  saving,
  problem,
  errors,
  onCancel,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  saving: boolean;
  /** The service's refusal of the last attempt, if any. */
  problem: { error: unknown } | null;
  /** The field messages of the last attempt: focus moves to the first field in error. */
  errors: object;
  onCancel: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) => {
  const styles = useEditDialogStyles();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, errors);
  return (
    <form
      ref={form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!saving) onSubmit();
      }}
    >
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.content}>
          {problem && <ProblemBar error={problem.error} />}
          {children}
        </DialogContent>
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={saving}>
            {saving ? 'Saving…' : submitLabel}
          </Button>
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
};
