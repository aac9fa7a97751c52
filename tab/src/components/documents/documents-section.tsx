import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { MailRegular } from '@fluentui/react-icons';
import { useCallback, useRef, useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import type { DocumentView, FiledDocument, MailMessage } from '../../api/types';
import { useSession } from '../../app/session';
import { ProblemBar } from '../problem-bar';
import { saveBlob } from './blob-url';
import { DocumentTable } from './document-table';
import { DEFAULT_MAX_BYTES, describeDocumentProblem } from './document-words';
import { MailBody } from './mail-dialog';
import { Modal, useModal } from './modal';
import { PreviewBody } from './preview-dialog';
import { RemoveBody } from './remove-dialog';
import { DropZone, UploadList } from './upload-panel';
import { useUploads } from './use-uploads';
import { LiveRegion } from '../live-region';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  tools: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

/** How many announcements the live region keeps: enough for a batch of files, never a long history. */
const KEEP_ANNOUNCED = 8;

/**
 * The case's documents (the Documents area of the case page): add files by dropping them or choosing them,
 * file an Outlook email (Microsoft 365 mode), list, preview, download and (officers) remove. What the
 * service allows (`canUpload`, `canRemove`) decides what is offered; the service checks every request again.
 */
export const DocumentsSection = ({
  caseRef,
  onChanged,
}: {
  caseRef: string;
  /** A document was added or removed: the case's history has a new entry. */
  onChanged?: () => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const mailbox = session.me.features?.mailbox === true;
  const { data, error, loading, reload } = useApiData((a) => a.documents(caseRef), [caseRef]);
  const [announced, setAnnounced] = useState<{ key: number; text: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [limit, setLimit] = useState<number | null>(null);
  const root = useRef<HTMLDivElement>(null);
  // After a removal its row (and the button that opened the dialog) is gone: focus the first document, or
  // the "Choose files" button when none is left.
  const focusFirst = useCallback(
    () => root.current?.querySelector<HTMLElement>('table tbody button, [role="group"] button')?.focus(),
    [],
  );
  const preview = useModal<DocumentView>(focusFirst);
  const removal = useModal<DocumentView>(focusFirst);
  const mail = useModal<true>(focusFirst);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ error: unknown; retry: () => void } | null>(null);
  // Removed here: hidden at once, so focus can move on before the list is loaded again.
  const [removedIds, setRemovedIds] = useState<ReadonlySet<string>>(new Set());
  const items = (data?.items ?? []).filter((d) => !removedIds.has(d.id));
  const maxBytes = limit ?? data?.maxBytes ?? DEFAULT_MAX_BYTES;

  const announce = useCallback(
    (text: string) =>
      setAnnounced((list) => [...list, { key: Date.now() + Math.random(), text }].slice(-KEEP_ANNOUNCED)),
    [],
  );

  const uploads = useUploads({
    caseRef,
    maxBytes,
    onFiled: (result) => {
      reload();
      if (result.created) onChanged?.();
    },
    announce,
    onLimit: setLimit,
  });

  const download = useCallback(
    async (d: DocumentView) => {
      setDownloading(d.id);
      setActionError(null);
      try {
        saveBlob(await api.documentContent(d.id, 'attachment'), d.name);
      } catch (e) {
        setActionError({ error: e, retry: () => void download(d) });
      } finally {
        setDownloading(null);
      }
    },
    [api],
  );

  const onRemoved = (d: DocumentView) => {
    setRemovedIds((ids) => new Set(ids).add(d.id));
    removal.close();
    const words = `Removed ${d.name}. It is kept in the case’s deleted-items area.`;
    setNotice(words);
    announce(words);
    reload();
    onChanged?.();
  };

  const onMailFiled = (result: FiledDocument, message: MailMessage) => {
    mail.close();
    const words = result.created
      ? `Filed the email “${message.subject}” as ${result.document.name}.`
      : `${result.document.name} was already filed: no copy made.`;
    setNotice(words);
    announce(words);
    reload();
    if (result.created) onChanged?.();
  };

  return (
    <div className={styles.root} ref={root}>
      <LiveRegion testId="documents-announcements">
        {announced.map((a) => (
          <p key={a.key}>{a.text}</p>
        ))}
      </LiveRegion>
      {loading && !data && <Spinner label="Loading documents…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && (
        <>
          {notice && (
            <MessageBar intent="success">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          )}
          {data.canUpload && (
            <>
              <DropZone
                maxBytes={maxBytes}
                onFiles={(files) => {
                  setNotice(null);
                  uploads.add(files);
                }}
              >
                {!mailbox && <Caption1>To file an email, save it as an .eml file and drop it here.</Caption1>}
              </DropZone>
              {mailbox && (
                <div className={styles.tools}>
                  <Button icon={<MailRegular />} aria-haspopup="dialog" onClick={() => mail.open(true)}>
                    File an email
                  </Button>
                </div>
              )}
              <UploadList
                items={uploads.items}
                maxBytes={maxBytes}
                onRetry={uploads.retry}
                onStop={uploads.stop}
                onClear={uploads.clearFinished}
              />
            </>
          )}
          {actionError && (
            <ProblemBar
              error={actionError.error}
              onRetry={actionError.retry}
              describe={describeDocumentProblem}
            />
          )}
          {items.length > 0 ? (
            <DocumentTable
              documents={items}
              canRemove={data.canRemove}
              busyId={downloading}
              onPreview={preview.open}
              onDownload={(d) => void download(d)}
              onRemove={removal.open}
            />
          ) : (
            <Body1>
              {data.canUpload
                ? 'No documents yet. Drop files here or choose files.'
                : 'No documents have been filed to this case yet.'}
            </Body1>
          )}
        </>
      )}
      <Modal open={preview.isOpen} onDismiss={preview.close} onClosed={preview.returnFocus} size="wide">
        {preview.value && (
          <PreviewBody d={preview.value} onClose={preview.close} onDownload={(d) => void download(d)} />
        )}
      </Modal>
      <Modal
        open={removal.isOpen}
        onDismiss={removal.close}
        onClosed={removal.returnFocus}
        describedByContent
      >
        {removal.value && <RemoveBody d={removal.value} onClose={removal.close} onRemoved={onRemoved} />}
      </Modal>
      <Modal open={mail.isOpen} onDismiss={mail.close} onClosed={mail.returnFocus} size="medium">
        {mail.value && <MailBody caseRef={caseRef} onClose={mail.close} onFiled={onMailFiled} />}
      </Modal>
    </div>
  );
};

export default DocumentsSection;
