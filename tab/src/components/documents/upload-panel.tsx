import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowUploadRegular, CheckmarkCircleRegular, InfoRegular } from '@fluentui/react-icons';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { formatBytes } from '../format';
import { ProblemBar } from '../problem-bar';
import { describeDocumentProblem } from './document-words';
import { percent, uploadOutcome, type UploadItem } from './use-uploads';

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dragging: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  icon: { fontSize: '24px' },
  notes: { flexBasis: '100%', display: 'flex', flexDirection: 'column' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  progressRow: { display: 'flex', alignItems: 'end', gap: tokens.spacingHorizontalM },
  progress: { flexGrow: 1 },
  outcome: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/**
 * Where files are added: dropped on the zone, or chosen with the "Choose files" button (so nobody needs
 * drag and drop). Several at once; the size limit is said before anything is sent.
 */
export const DropZone = ({
  maxBytes,
  onFiles,
  children,
  label = 'Add documents',
  dropText = 'Drop the files to add them to the case',
  accept,
  testId = 'document',
}: {
  maxBytes: number;
  onFiles: (files: File[]) => void;
  /** Further notes under the button (how to file an email). */
  children?: ReactNode;
  /** The zone's accessible name. */
  label?: string;
  /** What the zone says while files are dragged over it. */
  dropText?: string;
  /** The file picker's `accept` list (what can be dropped is still checked by the service). */
  accept?: string;
  /** Prefix of the zone's and the input's test ids. */
  testId?: string;
}) => {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);

  return (
    <div
      role="group"
      aria-label={label}
      className={mergeClasses(styles.zone, dragging && styles.dragging)}
      data-testid={`${testId}-drop-zone`}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        onFiles(Array.from(e.dataTransfer?.files ?? []));
      }}
    >
      <ArrowUploadRegular className={styles.icon} aria-hidden />
      <Body1>{dragging ? dropText : 'Drop files here, or'}</Body1>
      <Button appearance="primary" onClick={() => input.current?.click()}>
        Choose files
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-label="Choose files"
        accept={accept}
        data-testid={`${testId}-file-input`}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Cleared, so choosing the same file again is still a change.
          e.target.value = '';
          onFiles(files);
        }}
      />
      <div className={styles.notes}>
        <Caption1>Several files at once; each can be up to {formatBytes(maxBytes)}.</Caption1>
        {children}
      </div>
    </div>
  );
};

/** A file on its way: "Uploading report.pdf: 40%" (or waiting its turn) as a labelled bar, with a Stop button. */
export const UploadProgress = ({
  item,
  onStop,
}: {
  item: Pick<UploadItem, 'file' | 'state' | 'loaded' | 'total'>;
  onStop: () => void;
}) => {
  const styles = useStyles();
  const name = item.file.name;
  const pct = percent(item);
  return (
    <div className={styles.progressRow}>
      <Field
        className={styles.progress}
        label={item.state === 'waiting' ? `${name}: waiting` : `Uploading ${name}: ${pct}%`}
      >
        <ProgressBar value={item.state === 'waiting' ? 0 : pct} max={100} thickness="large" />
      </Field>
      <Button size="small" onClick={onStop} aria-label={`Stop uploading ${name}`}>
        Stop
      </Button>
    </div>
  );
};

/** One file being added: its progress while it goes, then what happened, in words. */
const UploadRow = ({
  item,
  maxBytes,
  onRetry,
  onStop,
}: {
  item: UploadItem;
  maxBytes: number;
  onRetry: () => void;
  onStop: () => void;
}) => {
  const styles = useStyles();
  const name = item.file.name;
  switch (item.state) {
    case 'waiting':
    case 'uploading':
      return <UploadProgress item={item} onStop={onStop} />;
    case 'done':
      return (
        <Text className={styles.outcome}>
          {item.result?.created ? <CheckmarkCircleRegular aria-hidden /> : <InfoRegular aria-hidden />}
          {uploadOutcome(item, maxBytes)}.
        </Text>
      );
    case 'too-large':
      return (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{name} is too large</MessageBarTitle> It is {formatBytes(item.file.size)}; files
            can be up to {formatBytes(maxBytes)}. Make it smaller (for example, save a PDF at a lower quality,
            or split it into parts) and add it again. Nothing was sent.
          </MessageBarBody>
        </MessageBar>
      );
    case 'stopped':
      return (
        <div className={styles.outcome}>
          <Text>Stopped: {name} was not added.</Text>
          <Button size="small" onClick={onRetry} aria-label={`Upload ${name} again`}>
            Upload again
          </Button>
        </div>
      );
    case 'failed':
      return (
        <div className={styles.item}>
          <Text weight="semibold">{name} was not added</Text>
          <ProblemBar error={item.error} onRetry={onRetry} describe={describeDocumentProblem} />
        </div>
      );
  }
};

/** The files added in this visit, newest last, each with its progress or outcome. */
export const UploadList = ({
  items,
  maxBytes,
  onRetry,
  onStop,
  onClear,
}: {
  items: readonly UploadItem[];
  maxBytes: number;
  onRetry: (key: number) => void;
  onStop: (key: number) => void;
  onClear: () => void;
}) => {
  const styles = useStyles();
  if (items.length === 0) return null;
  const finished = items.every((i) => i.state !== 'waiting' && i.state !== 'uploading');
  return (
    <>
      <ul className={styles.list} aria-label="Files being added">
        {items.map((item) => (
          <li key={item.key} className={styles.item}>
            <UploadRow
              item={item}
              maxBytes={maxBytes}
              onRetry={() => onRetry(item.key)}
              onStop={() => onStop(item.key)}
            />
          </li>
        ))}
      </ul>
      {finished && (
        <div className={styles.actions}>
          <Button size="small" onClick={onClear}>
            Clear this list
          </Button>
        </div>
      )}
    </>
  );
};
