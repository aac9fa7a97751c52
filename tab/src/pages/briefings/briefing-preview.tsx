import {
  Body1,
  Button,
  Caption1,
  Field,
  Link,
  Subtitle2,
  Textarea,
  Title3,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { BriefingContent, BriefingDecision, WardCasework } from '../../../../bot/src/domain/briefing';
import { useApi } from '../../api/api-context';
import type { Briefing } from '../../api/briefing-types';
import { useSession } from '../../app/session';
import { formatDate } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { useBriefingStyles } from './briefings.styles';
import { briefingName, briefingState, monthName } from './briefing-words';

const count = (c: WardCasework['raised']) => (c.kind === 'suppressed' ? 'fewer than 3' : String(c.value));

const Casework = ({ c }: { c: WardCasework }) => {
  const styles = useBriefingStyles();
  const rows: [string, string][] = [
    ['Cases raised', count(c.raised)],
    ['Cases closed', count(c.closed)],
    ['Responses sent', count(c.answered)],
    [
      'Answered within target',
      c.withinTargetPercent === null ? 'not shown (too few)' : `${c.withinTargetPercent}%`,
    ],
    ['Open now', count(c.openNow)],
    [
      'Oldest open case',
      c.oldestOpenWorkingDays === null ? 'not shown (too few)' : `${c.oldestOpenWorkingDays} working days`,
    ],
  ];
  return (
    <section aria-label="Casework in the division">
      <Subtitle2 as="h4">Casework in the division</Subtitle2>
      <dl className={styles.facts}>
        {rows.map(([term, value]) => (
          <div key={term} className={styles.pair}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.detail}>{value}</dd>
          </div>
        ))}
      </dl>
      {c.topCategories.length > 0 && (
        <Body1 block as="p">
          Most raised about: {c.topCategories.map((t) => `${t.category} (${t.count})`).join(', ')}
        </Body1>
      )}
    </section>
  );
};

const Decisions = ({
  title,
  items,
  forthcoming,
}: {
  title: string;
  items: BriefingDecision[];
  forthcoming: boolean;
}) => {
  const styles = useBriefingStyles();
  return (
    <section aria-label={title}>
      <Subtitle2 as="h4">{title}</Subtitle2>
      {items.length === 0 && (
        <Body1 block as="p">
          None.
        </Body1>
      )}
      {items.map((d) => (
        <article key={d.id} className={styles.decision}>
          <Body1 block as="p">
            <strong>{d.title}</strong>
          </Body1>
          <Caption1 block as="p" className={styles.meta}>
            {d.maker}, {forthcoming ? 'due' : 'taken'} {formatDate(d.date)}
            {d.keyDecision ? ' · key decision' : ''}
            {d.subjectToCallIn
              ? d.callInDeadline
                ? ` · call-in until ${formatDate(d.callInDeadline)}`
                : ' · subject to call-in'
              : ''}
          </Caption1>
          {d.summary && (
            <Body1 block as="p">
              {d.summary}
            </Body1>
          )}
          {!forthcoming && (
            <Body1 block as="p">
              Reasons: {d.reasons || 'not yet published.'}
            </Body1>
          )}
          {forthcoming && d.takingPart && (
            <Body1 block as="p">
              How to take part: {d.takingPart}
            </Body1>
          )}
        </article>
      ))}
    </section>
  );
};

/**
 * A briefing as the channel will show it (the same content as the cards), with its introduction editable
 * while it is a draft, and Approve. An approved decision briefing offers its PDF and public page.
 */
export const BriefingPreview = ({
  briefing,
  onChanged,
}: {
  briefing: Briefing;
  onChanged: (b: Briefing) => void;
}) => {
  const styles = useBriefingStyles();
  const api = useApi();
  const { wardName } = useSession();
  const [introduction, setIntroduction] = useState(briefing.introduction);
  const [busy, setBusy] = useState<'save' | 'approve' | 'pdf' | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const content = briefing.content as unknown as BriefingContent;
  const draft = briefing.status === 'draft';
  const changed = introduction !== briefing.introduction;

  const run = async (what: 'save' | 'approve' | 'pdf', work: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    run('save', async () =>
      onChanged(await api.setIntroduction(briefing.id, introduction, briefing.version)),
    );
  const approve = () =>
    run('approve', async () => {
      const current = changed
        ? await api.setIntroduction(briefing.id, introduction, briefing.version)
        : briefing;
      onChanged(await api.approve(current.id, current.version));
    });
  const pdf = () =>
    run('pdf', async () => {
      const blob = await api.briefingPdf(briefing.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `decision-briefing-${briefing.period}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });

  return (
    <section className={styles.preview} aria-labelledby={`preview-${briefing.id}`}>
      <Title3 as="h3" id={`preview-${briefing.id}`}>
        {briefingName(briefing, wardName)}: {monthName(briefing.period)}
      </Title3>
      <Caption1 block as="p">
        {briefingState(briefing)}
        {briefing.channel ? ` · posts to ${briefing.channel.teamName} › ${briefing.channel.name}` : ''}
        {briefing.parts > 1 ? ` · a thread of ${briefing.parts} cards` : ''}
      </Caption1>
      {problem !== null && <ProblemBar error={problem} />}
      {draft ? (
        <Field
          label="Introduction"
          hint="Shown at the top of the post. Plain text: it is shown exactly as typed."
        >
          <Textarea
            value={introduction}
            resize="vertical"
            maxLength={2000}
            onChange={(_e, d) => setIntroduction(d.value)}
          />
        </Field>
      ) : (
        briefing.introduction && (
          <Body1 block as="p">
            {briefing.introduction}
          </Body1>
        )
      )}
      {content.kind === 'ward' ? (
        <>
          <Casework c={content.casework} />
          {content.awaitingWardConfirmation > 0 && (
            <Body1 block as="p">
              {content.awaitingWardConfirmation} decision(s) may concern this division but their wards are not
              confirmed yet: confirm them in the decisions register.
            </Body1>
          )}
          <Decisions
            title={`Decisions taken in ${monthName(content.period)}`}
            items={content.decisionsTaken}
            forthcoming={false}
          />
          <Decisions title="Decisions coming up" items={content.forthcoming} forthcoming />
        </>
      ) : (
        <>
          <Decisions
            title={`Decisions taken in ${monthName(content.period)}`}
            items={content.decisionsTaken}
            forthcoming={false}
          />
          <Decisions title="Key decisions coming up" items={content.keyDecisionsComing} forthcoming />
        </>
      )}
      <div className={styles.actions}>
        {draft && (
          <>
            <Button onClick={() => void save()} disabled={!changed || busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save introduction'}
            </Button>
            <Button appearance="primary" onClick={() => void approve()} disabled={busy !== null}>
              {busy === 'approve' ? 'Approving…' : briefing.channel ? 'Approve and post' : 'Approve'}
            </Button>
          </>
        )}
        {!draft && briefing.kind === 'decision' && (
          <>
            <Button onClick={() => void pdf()} disabled={busy !== null}>
              {busy === 'pdf' ? 'Preparing…' : 'Download PDF'}
            </Button>
            {briefing.shareToken && (
              <Link href={`/briefings/shared/${briefing.shareToken}`} target="_blank" rel="noreferrer">
                Public page to share
              </Link>
            )}
          </>
        )}
      </div>
    </section>
  );
};
