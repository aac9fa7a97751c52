import {
  Body1,
  Button,
  Caption1,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import type { FiledDocument, MailMessage } from '../../api/types';
import { ProblemBar } from '../problem-bar';
import { formatSent } from './document-words';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { maxHeight: '50vh', overflowY: 'auto' },
  message: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalS,
  },
  preview: { color: tokens.colorNeutralForeground2 },
});

const MessageLabel = ({ m }: { m: MailMessage }) => {
  const styles = useStyles();
  return (
    <span className={styles.message}>
      <Text weight="semibold">{m.subject || '(no subject)'}</Text>
      <Caption1>
        From {m.from}, received {formatSent(m.receivedAt)}
        {m.hasAttachments ? '; has attachments' : ''}
      </Caption1>
      {m.preview && <Caption1 className={styles.preview}>{m.preview}</Caption1>}
    </span>
  );
};

/**
 * Microsoft 365 mode (the content of a Modal): the person's recent Outlook messages, one of which is filed to the case as an `.eml`
 * with its attachments.
 */
export const MailBody = ({
  caseRef,
  onClose,
  onFiled,
}: {
  caseRef: string;
  onClose: () => void;
  onFiled: (result: FiledDocument, message: MailMessage) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const messages = useApiData((a) => a.mailMessages(), []);
  const [chosen, setChosen] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const items = messages.data?.items ?? [];

  const file = async () => {
    const message = items.find((m) => m.id === chosen);
    if (!message) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onFiled(await api.fileFromMail(caseRef, message.id), message);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void file();
      }}
    >
      <DialogBody>
        <DialogTitle>File an email to {caseRef}</DialogTitle>
        <DialogContent className={styles.content}>
          <Body1>
            Choose one of your recent Outlook emails. It is filed as an .eml file, with its attachments.
          </Body1>
          {messages.loading && !messages.data && <Spinner label="Loading your recent emails…" />}
          {messages.error !== undefined && <ProblemBar error={messages.error} onRetry={messages.reload} />}
          {messages.data && items.length === 0 && <Body1>There are no recent emails in your mailbox.</Body1>}
          {items.length > 0 && (
            <Field
              label="Recent emails"
              required
              validationMessage={missing ? 'Choose an email first.' : undefined}
            >
              <RadioGroup
                className={styles.list}
                value={chosen}
                onChange={(_e, data) => {
                  setMissing(false);
                  setChosen(data.value);
                }}
              >
                {items.map((m) => (
                  <Radio key={m.id} value={m.id} disabled={busy} label={<MessageLabel m={m} />} />
                ))}
              </RadioGroup>
            </Field>
          )}
          {busy && <Spinner size="small" label="Filing the email…" />}
          {error !== undefined && <ProblemBar error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button appearance="primary" type="submit" disabled={busy || items.length === 0}>
            {busy ? 'Filing…' : 'File this email'}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
};
