import {
  Body1,
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import type { DocumentView } from '../../api/types';
import { formatBytes, formatInstant } from '../format';
import { ProblemBar } from '../problem-bar';
import { useObjectUrl } from './blob-url';
import { describeDocumentProblem, formatSent, kindWords } from './document-words';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  frame: {
    width: '100%',
    height: '70vh',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  image: { maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain', alignSelf: 'start' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0, wordBreak: 'break-word' },
  },
  emailText: { whiteSpace: 'pre-wrap' },
});

/** An email's sender, recipients, subject, date and first lines, as the service read them from the file. */
const EmailDetails = ({ email }: { email: NonNullable<DocumentView['email']> }) => {
  const styles = useStyles();
  return (
    <>
      <dl className={styles.facts}>
        <dt>From</dt>
        <dd>{email.from || 'Not stated'}</dd>
        <dt>To</dt>
        <dd>{email.to.length > 0 ? email.to.join(', ') : 'Not stated'}</dd>
        <dt>Subject</dt>
        <dd>{email.subject || '(no subject)'}</dd>
        <dt>Sent</dt>
        <dd>{email.date ? formatSent(email.date) : 'Not stated'}</dd>
        <dt>Attachments</dt>
        <dd>{email.attachments === 0 ? 'None' : email.attachments}</dd>
      </dl>
      {email.preview && <Body1 className={styles.emailText}>{email.preview}</Body1>}
    </>
  );
};

/**
 * A document shown inside the tab (the content of a Modal): a PDF in a frame, an image, or (for anything else) a note to download it.
 * The bytes are fetched with the person's token and shown from a blob: URL, revoked when the dialog closes.
 */
export const PreviewBody = ({
  d,
  onClose,
  onDownload,
}: {
  d: DocumentView;
  onClose: () => void;
  onDownload: (d: DocumentView) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const [blob, setBlob] = useState<Blob | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const url = useObjectUrl(blob);

  useEffect(() => {
    if (d.preview === 'none') return;
    let current = true;
    setError(undefined);
    api.documentContent(d.id, 'inline').then(
      // The type the service recorded, so the browser shows the bytes as what they are.
      (b) => {
        if (current) setBlob(new Blob([b], { type: d.contentType }));
      },
      (e: unknown) => {
        if (current) setError(e);
      },
    );
    return () => {
      current = false;
    };
  }, [api, d.id, d.contentType, d.preview, attempt]);

  const showing =
    d.preview === 'none' ? null : error !== undefined ? (
      <ProblemBar error={error} onRetry={() => setAttempt((a) => a + 1)} describe={describeDocumentProblem} />
    ) : !url ? (
      <Spinner label={`Loading ${d.name}…`} />
    ) : d.preview === 'pdf' ? (
      // Without its toolbar: Chromium's viewer titles it with the PDF's own title or, failing that, the blob:
      // URL's id; the dialog's title names the file, and Download is beside it.
      <iframe className={styles.frame} src={`${url}#toolbar=0`} title={`${d.name} (PDF)`} />
    ) : (
      <img className={styles.image} src={url} alt={d.name} />
    );

  return (
    <DialogBody>
      <DialogTitle>{d.name}</DialogTitle>
      <DialogContent className={styles.content}>
        <Body1>
          {kindWords(d)}, {formatBytes(d.size)}, added by {d.uploadedBy.name} on {formatInstant(d.uploadedAt)}
          .
        </Body1>
        {d.email && <EmailDetails email={d.email} />}
        {showing}
        {d.preview === 'none' && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              {d.email
                ? 'This is the start of the email. Download it to read all of it in your email program, with its attachments.'
                : 'No preview for this type; download it to open it on your computer.'}
            </MessageBarBody>
          </MessageBar>
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={() => onDownload(d)}>
          Download
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </DialogBody>
  );
};
