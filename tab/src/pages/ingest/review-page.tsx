import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle1,
  Subtitle2,
  Text,
  Textarea,
  ToggleButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useApi, useApiData } from '../../api/api-context';
import { ApiError } from '../../api/client';
import type { IngestDocument, Review, Suggestion } from '../../api/ingest-types';
import { useSession, type Session } from '../../app/session';
import { formatDate, formatInstant } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { RouterLink } from '../../components/router-link';
import { describeIngestProblem, documentName, documentStatusWords, retentionWords } from './ingest-words';
import { useIngestStyles } from './ingest.styles';
import { MemberField } from './member-field';
import { OfficersOnly } from './officers-only';
import { PagePicture } from './page-picture';
import {
  checkReview,
  errorsFromIssues,
  initialValues,
  type ReviewErrors,
  type ReviewValues,
} from './review-form';
import { usePolling } from './use-polling';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
  },
  pages: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, minWidth: 0 },
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  text: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  suggestion: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
});

type SuggestionKey = 'memberId' | 'caseRef' | 'wardId' | 'dateFrom' | 'dateTo';
const SUGGESTION_ORDER: SuggestionKey[] = ['memberId', 'caseRef', 'wardId', 'dateFrom', 'dateTo'];
const SUGGESTION_LABELS: Record<SuggestionKey, string> = {
  memberId: 'Member',
  caseRef: 'Case',
  wardId: 'Division',
  dateFrom: 'Earliest date',
  dateTo: 'Latest date',
};

const suggestionValue = (key: SuggestionKey, s: Suggestion, session: Session): string => {
  if (key === 'memberId') return session.personName(s.value);
  if (key === 'wardId') return session.wardName(s.value);
  if (key === 'dateFrom' || key === 'dateTo') return formatDate(s.value);
  return s.value;
};

/** The words of the evidence, as read: “14 March 2019” on page 1. */
const evidenceWords = (s: Suggestion, review: Review): string =>
  s.evidence
    .map((e) => {
      const page = review.pages.find((p) => p.pageNo === e.pageNo);
      const words = e.words.map((i) => page?.words[i]?.text ?? '').join(' ');
      return `${e.label} “${words}” on page ${e.pageNo}`;
    })
    .join('; ');

const londonToday = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** What the service suggests, each with the words it found; one at a time can be shown on the pages. */
const Suggestions = ({
  review,
  shown,
  onShow,
  onUse,
}: {
  review: Review;
  shown: SuggestionKey | null;
  onShow: (key: SuggestionKey | null) => void;
  onUse: (key: SuggestionKey, value: string) => void;
}) => {
  const styles = useStyles();
  const ingest = useIngestStyles();
  const session = useSession();
  const found = SUGGESTION_ORDER.flatMap((key) => {
    const s = review.document.suggestions[key];
    return s ? [{ key, s }] : [];
  });
  return (
    <section className={ingest.section} aria-labelledby="suggestions">
      <Subtitle1 as="h2" id="suggestions">
        Suggestions
      </Subtitle1>
      {found.length === 0 ? (
        <Body1>Nothing was recognised in the text: fill in the decision from the pages.</Body1>
      ) : (
        <ul className={ingest.list} aria-label="Suggestions from the text">
          {found.map(({ key, s }) => (
            <li key={key} className={ingest.item}>
              <Text>
                <Text weight="semibold">{SUGGESTION_LABELS[key]}:</Text> {suggestionValue(key, s, session)}
              </Text>
              <Caption1 className={ingest.muted}>
                {s.evidence.length > 0
                  ? `Found as ${evidenceWords(s, review)}.`
                  : 'Given by the cover sheet, the manifest or the batch.'}
              </Caption1>
              <div className={styles.suggestion}>
                {s.evidence.length > 0 && (
                  <ToggleButton
                    size="small"
                    checked={shown === key}
                    onClick={() => onShow(shown === key ? null : key)}
                  >
                    {shown === key ? 'Showing on the page' : 'Show on the page'}
                  </ToggleButton>
                )}
                {key !== 'wardId' && (
                  <Button size="small" onClick={() => onUse(key, s.value)}>
                    Use this {SUGGESTION_LABELS[key].toLowerCase()}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

/** The decision: who and which case the papers belong to, and whether they are kept, reviewed or destroyed. */
const DecisionForm = ({
  document,
  values,
  onChange,
  onDecided,
}: {
  document: IngestDocument;
  values: ReviewValues;
  onChange: (patch: Partial<ReviewValues>) => void;
  onDecided: (d: IngestDocument) => void;
}) => {
  const ingest = useIngestStyles();
  const api = useApi();
  const [errors, setErrors] = useState<ReviewErrors>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const set = <K extends keyof ReviewValues>(field: K, value: ReviewValues[K]) => {
    onChange({ [field]: value });
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const submit = async () => {
    setFailure(undefined);
    const checked = checkReview(values, londonToday());
    if (!checked.ok) {
      setErrors(checked.errors);
      summary.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onDecided(await api.decide(document.id, checked.input));
    } catch (error) {
      if (error instanceof ApiError) setErrors(errorsFromIssues(error.issues));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const errorCount = Object.values(errors).filter(Boolean).length;
  return (
    <form
      className={ingest.form}
      aria-labelledby="decision"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Subtitle1 as="h2" id="decision">
        Decision
      </Subtitle1>
      <div ref={summary} tabIndex={-1}>
        {errorCount > 0 && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Check the decision</MessageBarTitle> {errorCount} field
              {errorCount === 1 ? ' needs' : 's need'} changing: see the messages under them.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <MemberField
        label="Member"
        required
        value={values.memberId}
        onChange={(id) => set('memberId', id)}
        error={errors.memberId}
      />
      <div className={ingest.row}>
        <Field
          className={ingest.grow}
          label="Case (optional)"
          validationMessage={errors.caseRef}
          hint="Filed into the case’s documents when given; otherwise into the member’s Legacy papers."
        >
          <Input
            value={values.caseRef}
            onChange={(_e, d) => set('caseRef', d.value)}
            placeholder="MH-2026-00042"
          />
        </Field>
        <Field className={ingest.grow} label="Box (optional)" validationMessage={errors.box}>
          <Input value={values.box} onChange={(_e, d) => set('box', d.value)} maxLength={64} />
        </Field>
      </div>
      <div className={ingest.row}>
        <Field className={ingest.grow} label="Dated from" validationMessage={errors.dateFrom}>
          <Input type="date" value={values.dateFrom} onChange={(_e, d) => set('dateFrom', d.value)} />
        </Field>
        <Field className={ingest.grow} label="Dated to" validationMessage={errors.dateTo}>
          <Input type="date" value={values.dateTo} onChange={(_e, d) => set('dateTo', d.value)} />
        </Field>
      </div>
      <Field label="Description" required validationMessage={errors.description}>
        <Input value={values.description} onChange={(_e, d) => set('description', d.value)} maxLength={200} />
      </Field>
      <fieldset className={ingest.fieldset}>
        <legend className={ingest.legend}>Retention</legend>
        <Field label="What happens to these papers" required validationMessage={errors.retention}>
          <RadioGroup
            value={values.retention}
            onChange={(_e, d) => set('retention', d.value as ReviewValues['retention'])}
          >
            <Radio value="keep" label="Keep until a date" />
            <Radio value="review" label="Review on a date" />
            <Radio value="destroy" label="Destroy (recorded in the destruction log, not filed)" />
          </RadioGroup>
        </Field>
        {(values.retention === 'keep' || values.retention === 'review') && (
          <Field
            label={values.retention === 'keep' ? 'Keep until' : 'Review on'}
            required
            validationMessage={errors.retentionDate}
          >
            <Input
              type="date"
              value={values.retentionDate}
              onChange={(_e, d) => set('retentionDate', d.value)}
            />
          </Field>
        )}
        <Field label="Reason" required validationMessage={errors.reason}>
          <Textarea value={values.reason} onChange={(_e, d) => set('reason', d.value)} maxLength={500} />
        </Field>
      </fieldset>
      {failure !== undefined && <ProblemBar error={failure} describe={describeIngestProblem} />}
      <div className={ingest.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? 'Recording…' : 'Record decision'}
        </Button>
      </div>
    </form>
  );
};

/** A decided document: the decision as recorded, and where filing has got to (with a retry if it failed). */
const Decided = ({ document, onRetried }: { document: IngestDocument; onRetried: () => void }) => {
  const ingest = useIngestStyles();
  const api = useApi();
  const session = useSession();
  const [failure, setFailure] = useState<unknown>(undefined);
  const retry = async () => {
    setFailure(undefined);
    try {
      await api.retryDocument(document.id);
      onRetried();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section className={ingest.section} aria-labelledby="decision">
      <Subtitle1 as="h2" id="decision">
        Decision
      </Subtitle1>
      <MessageBar
        intent={document.status === 'failed' ? 'error' : document.status === 'filed' ? 'success' : 'info'}
        layout="multiline"
        role="status"
      >
        <MessageBarBody>
          <MessageBarTitle>{documentStatusWords(document)}</MessageBarTitle>
          {document.retention ? retentionWords(document.retention) : ''}
          {document.decidedBy &&
            ` Decided by ${session.personName(document.decidedBy)}${document.decidedAt ? ` on ${formatInstant(document.decidedAt)}` : ''}.`}
          {document.status === 'failed' && document.error ? ` ${document.error}` : ''}
        </MessageBarBody>
      </MessageBar>
      <Body1>
        Member: {session.personName(document.memberId)}
        {document.caseRef ? `; case ${document.caseRef}` : '; the member’s Legacy papers'}
        {document.box ? `; box ${document.box}` : ''}.
      </Body1>
      {failure !== undefined && <ProblemBar error={failure} />}
      {document.status === 'failed' && (
        <div className={ingest.actions}>
          <Button onClick={() => void retry()}>Retry filing</Button>
        </div>
      )}
    </section>
  );
};

/**
 * Reviewing one document (support officers): its pages as scanned with what was matched outlined, the text
 * read from each (pages read with low confidence flagged for a person to read), the suggestions with their
 * evidence, and the decision: member, case, box, dates, description and retention.
 */
export const ReviewPage = () => {
  const styles = useStyles();
  const ingest = useIngestStyles();
  const { id = '' } = useParams();
  const { data, error, loading, reload } = useApiData((a) => a.reviewDocument(id), [id]);
  const [shown, setShown] = useState<SuggestionKey | null>(null);
  const [values, setValues] = useState<ReviewValues | null>(null);
  const [decided, setDecided] = useState<IngestDocument | null>(null);
  const document = decided && decided.id === data?.document.id ? decided : data?.document;
  const form = values ?? (document ? initialValues(document) : null);
  const change = useCallback(
    (patch: Partial<ReviewValues>) => {
      if (form) setValues({ ...form, ...patch });
    },
    [form],
  );
  usePolling(
    useCallback(() => {
      setDecided(null);
      reload();
    }, [reload]),
    document?.status === 'queued',
  );

  /** The word indexes outlined on each page: the shown suggestion's evidence, or all of it. */
  const marked = useMemo(() => {
    const byPage = new Map<number, Set<number>>();
    if (!data) return byPage;
    const keys = shown ? [shown] : SUGGESTION_ORDER;
    for (const key of keys)
      for (const e of data.document.suggestions[key]?.evidence ?? []) {
        const set = byPage.get(e.pageNo) ?? new Set<number>();
        for (const w of e.words) set.add(w);
        byPage.set(e.pageNo, set);
      }
    return byPage;
  }, [data, shown]);

  const title = document ? documentName(document) : 'Review';
  return (
    <OfficersOnly title="Review">
      <PageHeader title={title}>
        <span className={ingest.actions}>
          {document && <RouterLink to={`/ingest/batches/${document.batchId}`}>Back to the batch</RouterLink>}
          <RouterLink to="/ingest/review">Review queue</RouterLink>
        </span>
      </PageHeader>
      {loading && !data && <Spinner label="Loading the document…" />}
      {error !== undefined && <ProblemBar error={error} onRetry={reload} describe={describeIngestProblem} />}
      {data && document && form && (
        <div className={styles.layout}>
          <section className={styles.pages} aria-labelledby="pages">
            <Subtitle1 as="h2" id="pages">
              Pages
            </Subtitle1>
            <Caption1 className={ingest.muted}>
              {document.fileName}: page{data.pages.length === 1 ? '' : 's'}{' '}
              {data.pages.map((p) => p.pageNo).join(', ')}. What the suggestions were found from is outlined.
            </Caption1>
            {data.pages.map((p) => (
              <article key={p.pageNo} className={styles.page} aria-labelledby={`page-${p.pageNo}`}>
                <Subtitle2 as="h3" id={`page-${p.pageNo}`}>
                  Page {p.pageNo}
                </Subtitle2>
                {p.lowConfidence && (
                  <MessageBar intent="warning" layout="multiline">
                    <MessageBarBody>
                      <Badge appearance="filled" color="warning">
                        Low confidence
                      </Badge>{' '}
                      Read with {p.confidence}% confidence (handwriting or a poor scan): read the page
                      yourself rather than trust the text below.
                    </MessageBarBody>
                  </MessageBar>
                )}
                <PagePicture
                  fileId={document.fileId}
                  page={p}
                  marked={marked.get(p.pageNo) ?? new Set()}
                  label={`Page ${p.pageNo} of ${document.fileName}, as scanned`}
                />
                <Accordion collapsible>
                  <AccordionItem value="text">
                    <AccordionHeader>Text read from page {p.pageNo}</AccordionHeader>
                    <AccordionPanel>
                      <Body1 as="p" className={styles.text}>
                        {p.text || 'No text was read from this page.'}
                      </Body1>
                    </AccordionPanel>
                  </AccordionItem>
                </Accordion>
              </article>
            ))}
          </section>
          <div className={ingest.sections}>
            <Suggestions
              review={data}
              shown={shown}
              onShow={setShown}
              onUse={(key, value) => change({ [key]: value })}
            />
            {document.status === 'review' ? (
              <DecisionForm document={document} values={form} onChange={change} onDecided={setDecided} />
            ) : (
              <Decided document={document} onRetried={reload} />
            )}
          </div>
        </div>
      )}
    </OfficersOnly>
  );
};
