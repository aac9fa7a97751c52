import {
  Body1,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  TableCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi, useApiData } from '../../api/api-context';
import { useSession } from '../../app/session';
import { saveBlob } from '../../components/documents/blob-url';
import { formatInstant } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { ScrollTable } from '../../components/scroll-table';
import { useIngestStyles } from './ingest.styles';
import { MemberField, UNKNOWN_MEMBER } from './member-field';
import { OfficersOnly } from './officers-only';

const CASE_REF = /^[A-Z]{2,5}-\d{4}-\d{3,6}$/;
const BOX = /^[A-Za-z0-9._-]{1,64}$/;

/** Start a batch for a member (or "not yet known"), then go to its page to hand in the files. */
const StartBatch = () => {
  const styles = useIngestStyles();
  const api = useApi();
  const navigate = useNavigate();
  const [label, setLabel] = useState('');
  const [memberId, setMemberId] = useState(UNKNOWN_MEMBER);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const start = async () => {
    if (label.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const batch = await api.startBatch({
        label: label.trim(),
        memberId: memberId === UNKNOWN_MEMBER ? null : memberId,
      });
      void navigate(`/ingest/batches/${batch.id}`);
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="start-batch">
      <Subtitle1 as="h2" id="start-batch">
        Start a batch
      </Subtitle1>
      <Body1>
        A batch is what print services send back at one time: a box’s scans, as files or a ZIP, with their
        manifest if there is one.
      </Body1>
      <form
        className={styles.form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <Field label="Batch name" required validationMessage={missing ? 'Name the batch.' : undefined}>
          <Input
            value={label}
            maxLength={200}
            placeholder="For example: Box 3 from print services, May"
            onChange={(_e, d) => {
              setMissing(false);
              setLabel(d.value);
            }}
          />
        </Field>
        <MemberField
          label="Whose papers"
          value={memberId}
          onChange={setMemberId}
          allowUnknown
          hint="Cover sheets and the manifest can name the member for each document."
        />
        {failure !== undefined && <ProblemBar error={failure} />}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={busy}>
            {busy ? 'Starting…' : 'Start batch'}
          </Button>
        </div>
      </form>
    </section>
  );
};

/** A cover sheet to print and put on top of a member's papers (or a case's) in a box. */
const CoverSheet = () => {
  const styles = useIngestStyles();
  const api = useApi();
  const [memberId, setMemberId] = useState(UNKNOWN_MEMBER);
  const [caseRef, setCaseRef] = useState('');
  const [box, setBox] = useState('');
  const [errors, setErrors] = useState<{ member?: string; caseRef?: string; box?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [made, setMade] = useState<string | null>(null);
  const print = async () => {
    const ref = caseRef.trim().toUpperCase();
    const found = {
      ...(memberId === UNKNOWN_MEMBER ? { member: 'Choose the member.' } : {}),
      ...(ref && !CASE_REF.test(ref) ? { caseRef: 'A case reference looks like MH-2026-00042.' } : {}),
      ...(box && !BOX.test(box.trim()) ? { box: 'Letters, digits, dots, dashes and underscores.' } : {}),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    setMade(null);
    try {
      const pdf = await api.coverSheet({
        memberId,
        ...(ref ? { caseRef: ref } : {}),
        ...(box.trim() ? { box: box.trim() } : {}),
      });
      const name = `cover-sheet-${memberId}${box.trim() ? `-box-${box.trim()}` : ''}.pdf`;
      saveBlob(pdf, name);
      setMade(name);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="cover-sheet">
      <Subtitle1 as="h2" id="cover-sheet">
        Print a cover sheet
      </Subtitle1>
      <Body1>
        Put the printed sheet on top of the papers it describes. Everything scanned after it, up to the next
        sheet, is filed as it says; the sheet itself and blank pages are not filed.
      </Body1>
      <form
        className={styles.form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void print();
        }}
      >
        <MemberField
          label="Member"
          required
          value={memberId}
          onChange={(id) => {
            setErrors((e) => ({ ...e, member: undefined }));
            setMemberId(id);
          }}
          error={errors.member}
        />
        <div className={styles.row}>
          <Field
            className={styles.grow}
            label="Case (optional)"
            validationMessage={errors.caseRef}
            hint="The case the papers belong to, if there is one."
          >
            <Input value={caseRef} placeholder="MH-2026-00042" onChange={(_e, d) => setCaseRef(d.value)} />
          </Field>
          <Field className={styles.grow} label="Box (optional)" validationMessage={errors.box}>
            <Input value={box} maxLength={64} placeholder="BOX3" onChange={(_e, d) => setBox(d.value)} />
          </Field>
        </div>
        {failure !== undefined && <ProblemBar error={failure} />}
        {made && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>
              Cover sheet ready: {made}. Print it and put it on top of the papers.
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" disabled={busy}>
            {busy ? 'Making the cover sheet…' : 'Download cover sheet (PDF)'}
          </Button>
        </div>
      </form>
    </section>
  );
};

/** The batches handed in lately, newest first. */
const Batches = () => {
  const styles = useIngestStyles();
  const session = useSession();
  const { data, error, loading, reload } = useApiData((api) => api.ingestBatches(), []);
  return (
    <section className={styles.section} aria-labelledby="batches">
      <Subtitle1 as="h2" id="batches">
        Batches
      </Subtitle1>
      {loading && !data && <Spinner size="small" label="Loading the batches…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} />}
      {data && data.items.length === 0 && <Body1>No batches yet. Start one above.</Body1>}
      {data && data.items.length > 0 && (
        <ScrollTable label="Batches, newest first" columns={['Batch', 'Whose papers', 'Started']}>
          {data.items.map((b) => (
            <TableRow key={b.id}>
              <TableCell>
                <RouterLink to={`/ingest/batches/${b.id}`}>{b.label}</RouterLink>
              </TableCell>
              <TableCell>{b.memberId ? session.personName(b.memberId) : 'Not yet known'}</TableCell>
              <TableCell>
                {formatInstant(b.createdAt)} by {session.personName(b.createdBy)}
              </TableCell>
            </TableRow>
          ))}
        </ScrollTable>
      )}
    </section>
  );
};

/**
 * Scan-ingest's start page (support officers): start a batch, print cover sheets, open a recent batch, and
 * the way to the review queue, the destruction log and filed legacy papers.
 */
export const IngestHomePage = () => {
  const styles = useIngestStyles();
  return (
    <OfficersOnly title="Scan-ingest">
      <PageHeader title="Scan-ingest">
        <nav aria-label="Scan-ingest" className={styles.actions}>
          <RouterLink to="/ingest/review">Review queue</RouterLink>
          <RouterLink to="/ingest/destruction-log">Destruction log</RouterLink>
          <RouterLink to="/papers">Legacy papers</RouterLink>
        </nav>
      </PageHeader>
      <div className={styles.sections}>
        <StartBatch />
        <CoverSheet />
        <Batches />
      </div>
    </OfficersOnly>
  );
};
