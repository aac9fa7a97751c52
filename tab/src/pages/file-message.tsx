import {
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useApi, useApiData } from '../api/api-context';
import type { CaseStatus, MessageDocuments, MessageFiling } from '../api/types';
import { useHost } from '../app/host-provider';
import { useSession } from '../app/session';
import { formatInstant } from '../components/format';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
  },
  quote: {
    margin: 0,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    paddingLeft: tokens.spacingHorizontalM,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const OPEN: CaseStatus[] = ['new', 'triaged', 'with-department', 'responded', 'on-hold'];

const KIND: Record<MessageFiling['message']['attachments'][number]['kind'], string> = {
  file: 'attached file',
  shared: 'shared from OneDrive or SharePoint: copied with your permission',
  link: 'a link',
};

const NOT_COPIED: Record<NonNullable<MessageDocuments['notCopied']>[number]['reason'], string> = {
  'no-access': 'you do not have access to it',
  'not-found': 'it was not found (moved or deleted)',
  'too-large': 'it is larger than Members’ Hub accepts',
  'not-a-file': 'it is a folder, not a file',
  failed: 'OneDrive or SharePoint did not answer',
  'not-signed-in': 'you were not signed in',
};

/** What filing did, in words. */
export const filedSummary = (ref: string, documents: MessageDocuments | null): string[] => {
  const lines = [`Filed into ${ref}: the message is on the case’s timeline.`];
  if (documents === null) return lines;
  if (documents.record === 'failed')
    lines.push('Its record could not be saved in the case’s documents: file it again.');
  else if (documents.record === 'in-progress')
    lines.push('Its documents are still being saved: look in the case’s documents in a minute.');
  else if (documents.attachments.stored > 0)
    lines.push(
      `${documents.attachments.stored === 1 ? 'One file was' : `${documents.attachments.stored} files were`} saved in the case’s documents.`,
    );
  if (documents.attachments.failed > 0) lines.push('Some files could not be saved: file the message again.');
  for (const n of documents.notCopied ?? [])
    lines.push(
      `${n.name} was not copied because ${NOT_COPIED[n.reason]}; its link is kept with the message.`,
    );
  return lines;
};

/**
 * "File to case" in Teams (Microsoft 365 mode): the message extension opens this page in a dialog, signed in
 * as the person, with the message waiting under an id. The person picks one of their open cases; the message
 * is filed there, and files shared in it from OneDrive or SharePoint are copied with their own permission.
 * Closing the dialog hands the id back to the bot, which confirms in the conversation.
 */
export const FileMessagePage = () => {
  const styles = useStyles();
  const api = useApi();
  const host = useHost();
  const { is } = useSession();
  const { id = '' } = useParams();
  const filing = useApiData((client) => client.messageFiling(id), [id]);
  const cases = useApiData(
    (client) => client.listCases({ mine: is('Councillor'), status: OPEN, limit: 50 }),
    [],
  );
  const [ref, setRef] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [filed, setFiled] = useState<{ ref: string; documents: MessageDocuments | null } | null>(null);

  const close = () => {
    if (!host.inTeams) return;
    void import('../app/teams-host').then(({ submitDialog }) => submitDialog({ messageFiling: id }));
  };

  const file = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      const result = await api.fileMessage(id, ref);
      setFiled({ ref: result.case.ref, documents: result.documents });
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  const error = filing.error ?? cases.error;
  if (error)
    return (
      <div className={styles.root}>
        <PageHeader title="File to case" />
        <ProblemBar error={error} onRetry={filing.error ? filing.reload : cases.reload} />
      </div>
    );
  if (!filing.data || !cases.data) return <Spinner label="Loading the message…" />;
  const { message } = filing.data;
  const done = filed ?? filing.data.filed;
  const chosen = cases.data.items.find((c) => c.ref === ref);

  return (
    <div className={styles.root}>
      <PageHeader title="File to case" />
      <Body1 as="p">
        From {message.senderName}
        {message.sentAt ? `, ${formatInstant(message.sentAt)}` : ''}:
      </Body1>
      <blockquote className={styles.quote}>
        <Body1>{message.text}</Body1>
      </blockquote>
      {message.attachments.length > 0 && (
        <ul className={styles.list} aria-label="Attachments">
          {message.attachments.map((a) => (
            <li key={a.name}>
              <Body1>{a.name}</Body1> <Caption1>({KIND[a.kind]})</Caption1>
            </li>
          ))}
        </ul>
      )}
      {done ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Filed</MessageBarTitle> {filedSummary(done.ref, done.documents).join(' ')}
          </MessageBarBody>
        </MessageBar>
      ) : cases.data.items.length === 0 ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>You have no open cases to file this message into.</MessageBarBody>
        </MessageBar>
      ) : (
        <Field label="Case" required hint="One of your open cases.">
          <Dropdown
            placeholder="Choose a case"
            value={chosen ? `${chosen.ref} ${chosen.title}` : ''}
            selectedOptions={ref ? [ref] : []}
            onOptionSelect={(_e, d) => setRef(d.optionValue ?? '')}
          >
            {cases.data.items.map((c) => (
              <Option key={c.ref} value={c.ref} text={`${c.ref} ${c.title}`}>
                {`${c.ref} ${c.title}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {failure !== undefined && <ProblemBar error={failure} />}
      {saving && <Spinner size="small" label="Filing the message and copying its files…" />}
      <div className={styles.actions}>
        {!done && cases.data.items.length > 0 && (
          <Button appearance="primary" disabled={!ref || saving} onClick={() => void file()}>
            File to case
          </Button>
        )}
        {host.inTeams && (
          <Button disabled={saving} onClick={close}>
            {done ? 'Done' : 'Cancel'}
          </Button>
        )}
      </div>
    </div>
  );
};
