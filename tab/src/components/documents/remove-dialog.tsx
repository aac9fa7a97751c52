import {
  Body1,
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { DocumentView } from '../../api/types';
import { ProblemBar } from '../problem-bar';
import { describeDocumentProblem } from './document-words';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * Asks an officer to confirm a removal (the content of a Modal), saying what it means: the file is not destroyed but moved to the
 * retained deleted-items area, and the removal is recorded against their name.
 */
export const RemoveBody = ({
  d,
  onClose,
  onRemoved,
}: {
  d: DocumentView;
  onClose: () => void;
  onRemoved: (removed: DocumentView) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onRemoved((await api.removeDocument(d.id)).document);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <DialogBody>
      <DialogTitle>Remove {d.name}?</DialogTitle>
      <DialogContent className={styles.content}>
        <Body1>
          It will no longer be listed on case {d.caseRef}. The file is not destroyed: it moves to the case’s
          deleted-items area, where it is kept under the council’s retention policy and Democratic Services
          can restore it.
        </Body1>
        <Body1>The removal is recorded in the audit log with your name and the time.</Body1>
        {error !== undefined && <ProblemBar error={error} describe={describeDocumentProblem} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void remove()} disabled={busy}>
          {busy ? 'Removing…' : 'Remove'}
        </Button>
      </DialogActions>
    </DialogBody>
  );
};
