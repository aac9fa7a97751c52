import {
  Badge,
  Body1,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useApiData } from '../api/api-context';
import type { CaseActionType, CaseView } from '../api/types';
import { useSession } from '../app/session';
import { ACTION_SPECS, CaseActions } from '../components/case-actions';
import {
  formatDate,
  formatInstant,
  KIND_LABELS,
  mpLabel,
  PRIORITY_LABELS,
  STATUS_LABELS,
} from '../components/format';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import { SlaBadge } from '../components/sla-badge';
import { InternalNoteDialog } from '../components/internal-note-dialog';
import { RelatedCases } from '../components/related-cases';
import { Timeline } from '../components/timeline';

// The documents area (upload, preview, removal) is its own chunk, loaded with the first case opened.
const DocumentsSection = lazy(() => import('../components/documents/documents-section'));

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    '@media (max-width: 60rem)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0 },
  },
  section: {
    marginBottom: tokens.spacingVerticalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  description: { whiteSpace: 'pre-wrap' },
  address: { whiteSpace: 'pre-line' },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
});

const DONE_WORDS: Partial<Record<CaseActionType, string>> = {
  respond: 'Your response was sent to the member.',
  'follow-up': 'Your follow-up question was sent to the department.',
  triage: 'The case was routed.',
  assign: 'The case is assigned.',
  correct: 'The details were corrected.',
};

/**
 * One case: facts, history, and the actions this person may take. The reference in the address is only a
 * request: the service answers "not found" for a case the person may not see, exactly as for no case.
 */
export const CasePage = () => {
  const styles = useStyles();
  const session = useSession();
  const { ref = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // A notice handed over by the page before ("Case … raised.") is said once: it is taken out of the history
  // entry, so going back and forward again does not say it again.
  const [handedOver] = useState(() => ({
    ref,
    notice: (location.state as { notice?: string } | null)?.notice ?? null,
  }));
  const notice = handedOver.ref === ref ? handedOver.notice : null;
  useEffect(() => {
    if ((location.state as { notice?: string } | null)?.notice)
      void navigate(location, { replace: true, state: null });
  }, [location, navigate]);
  const [done, setDone] = useState<string | null>(null);
  const [noting, setNoting] = useState(false);
  const { data, error, loading, reload } = useApiData(
    async (api) => {
      const [view, timeline, related] = await Promise.all([
        api.getCase(ref),
        api.timeline(ref),
        api.links(ref),
      ]);
      // Internal notes are asked for only by those who may read them.
      const notes = view.recordActions.includes('read-notes') ? (await api.notes(ref)).notes : [];
      return { view, events: timeline.events, links: related.links, notes };
    },
    [ref],
  );

  if (loading && !data) return <Spinner label={`Loading ${ref}…`} />;
  if (error !== undefined || !data)
    return (
      <>
        <PageHeader title={`Case ${ref}`} />
        <ProblemBar error={error} onRetry={reload} />
      </>
    );

  const c: CaseView = data.view;
  const onChanged = (_updated: CaseView, type: CaseActionType) => {
    // The case has left this officer's department: back to their queue, which no longer lists it.
    if (type === 'return-to-triage') {
      void navigate('/department', { replace: true });
      return;
    }
    setDone(DONE_WORDS[type] ?? `${ACTION_SPECS[type].label}: done.`);
    reload();
  };

  return (
    <>
      <PageHeader title={`${c.ref}: ${c.title}`} />
      {(done ?? notice) && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done ?? notice}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.badges}>
        <Badge appearance="tint" color="brand">
          {STATUS_LABELS[c.status]}
        </Badge>
        <Badge appearance="tint" color="informative">
          Stage {c.stage}
        </Badge>
        <SlaBadge c={c} />
        {c.escalationLevel > 0 && (
          <Badge appearance="tint" color="danger">
            Escalation level {c.escalationLevel}
          </Badge>
        )}
      </div>
      <div className={styles.layout}>
        <div>
          <section className={styles.section} aria-labelledby="what-heading">
            <Subtitle1 as="h2" id="what-heading">
              What the case is about
            </Subtitle1>
            <Body1 className={styles.description}>{c.description}</Body1>
          </section>
          <CaseActions c={c} onChanged={onChanged} />
          <section className={styles.section} aria-labelledby="history-heading">
            <div className={styles.heading}>
              <Subtitle1 as="h2" id="history-heading">
                History
              </Subtitle1>
              {c.recordActions.includes('add-note') && (
                <Button onClick={() => setNoting(true)}>Add internal note</Button>
              )}
            </div>
            <Timeline events={data.events} notes={data.notes} />
            {noting && (
              <InternalNoteDialog
                c={c}
                onClose={() => setNoting(false)}
                onDone={() => {
                  setNoting(false);
                  setDone('Your internal note was saved. Only officers see it.');
                  reload();
                }}
              />
            )}
          </section>
          <section className={styles.section} aria-labelledby="documents-heading">
            <Subtitle1 as="h2" id="documents-heading">
              Documents
            </Subtitle1>
            <Suspense fallback={<Spinner label="Loading documents…" />}>
              {/* Keyed by case: uploads queued for one case never go on into the next after a deep link. */}
              <DocumentsSection key={c.ref} caseRef={c.ref} onChanged={reload} />
            </Suspense>
          </section>
        </div>
        <div>
          <section className={styles.section} aria-labelledby="facts-heading">
            <Subtitle1 as="h2" id="facts-heading">
              Facts
            </Subtitle1>
            <dl className={styles.facts}>
              <dt>Kind</dt>
              <dd>{KIND_LABELS[c.kind]}</dd>
              <dt>Member</dt>
              <dd>
                {c.origin === 'mp' ? `${mpLabel(c.mpName)}: an MP’s enquiry` : session.personName(c.memberId)}
              </dd>
              <dt>Electoral division</dt>
              <dd>{session.wardName(c.wardId)}</dd>
              <dt>Category</dt>
              <dd>{c.category}</dd>
              <dt>Priority</dt>
              <dd>{PRIORITY_LABELS[c.priority]}</dd>
              <dt>Department</dt>
              <dd>{session.departmentName(c.departmentId)}</dd>
              <dt>Officer</dt>
              <dd>{session.personName(c.assignedOfficerId)}</dd>
              <dt>Raised</dt>
              <dd>{formatInstant(c.createdAt)}</dd>
              <dt>Acknowledge by</dt>
              <dd>{formatDate(c.acknowledgeBy)}</dd>
              <dt>Respond by</dt>
              <dd>{formatDate(c.respondBy)}</dd>
              {c.followUpUntil && (
                <>
                  <dt>{c.followUpOpen ? 'Follow up until' : 'Follow-up window closed after'}</dt>
                  <dd>{formatDate(c.followUpUntil)}</dd>
                </>
              )}
              <dt>Constituent</dt>
              <dd>
                <Text block>{c.constituent.name}</Text>
                {/* The address as it was written, line by line, then the postcode on a line of its own. */}
                <Text block className={styles.address}>
                  {c.constituent.address}
                  {'\n'}
                  {c.constituent.postcode}
                </Text>
                {c.constituent.email && <Text block>{c.constituent.email}</Text>}
                {c.constituent.phone && <Text block>{c.constituent.phone}</Text>}
              </dd>
              <dt>Consent to share</dt>
              <dd>{c.constituent.consentToShare ? 'Yes' : 'No'}</dd>
            </dl>
          </section>
          <section className={styles.section} aria-labelledby="related-heading">
            <Subtitle1 as="h2" id="related-heading">
              Related cases
            </Subtitle1>
            <RelatedCases
              c={c}
              links={data.links}
              onChanged={(_links, said) => {
                setDone(said);
                reload();
              }}
            />
          </section>
        </div>
      </div>
    </>
  );
};
