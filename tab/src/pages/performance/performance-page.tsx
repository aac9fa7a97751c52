import { Body1, Field, Radio, RadioGroup, Spinner, Title3, useId } from '@fluentui/react-components';
import { useMemo, useState, type ReactNode } from 'react';
import { useApiData } from '../../api/api-context';
import type { Stats } from '../../api/types';
import { useSession, type Session } from '../../app/session';
import { formatInstant } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { FigureBlock } from './figure-block';
import {
  AGE_COLUMNS,
  ANSWERED_COLUMNS,
  CATEGORY_COLUMNS,
  ORIGIN_COLUMNS,
  PERIOD_CHOICES,
  WARD_COLUMNS,
  ageRows,
  answeredRows,
  categoryRows,
  monthLabel,
  originRows,
  periodEnding,
  total,
  wardRows,
  type Period,
  type PeriodChoice,
} from './figures';
import { usePerformancePageStyles } from './performance-page.styles';
import { useChartKit, type Charts } from './use-chart-kit';

const SCOPE_WORDS: Record<Stats['scope'], string> = { member: 'Your cases only', all: 'All cases' };

const isPeriodChoice = (value: string): value is `${PeriodChoice}` =>
  (PERIOD_CHOICES as readonly number[]).includes(Number(value));

const Section = ({ title, intro, children }: { title: string; intro: string; children: ReactNode }) => {
  const styles = usePerformancePageStyles();
  const headingId = useId('section');
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Title3 as="h2" id={headingId}>
        {title}
      </Title3>
      <Body1 as="p" className={styles.sectionIntro}>
        {intro}
      </Body1>
      {children}
    </section>
  );
};

const Figures = ({
  stats,
  session,
  charts,
}: {
  stats: Stats;
  session: Session;
  charts: { data: Charts | undefined; loading: boolean };
}) => {
  const period: Period = { from: stats.from, to: stats.to };
  const answered = answeredRows(stats, session.departmentName);
  const wards = wardRows(stats, session.wardName);
  const categories = categoryRows(stats);
  const origins = originRows(stats);
  const ages = ageRows(stats);
  const common = { period, charts };
  return (
    <>
      <Section
        title="Answered within target"
        intro="Responses sent each month, by the department that answered, and how many met the response target."
      >
        <FigureBlock
          {...common}
          label="Answered within target by department and month"
          columns={ANSWERED_COLUMNS}
          rows={answered}
          rowKey={(r) => `${r.departmentId}:${r.month}`}
          rowTestId={(r) => `answered-within-target-${r.departmentId}-${r.month}`}
          fileName="answered-within-target"
          empty={total(answered, (r) => r.answered) === 0 ? 'No cases answered in this period.' : null}
          chart={(c) => (
            <c.AnsweredWithinTargetChart title="Percentage answered within target" rows={answered} />
          )}
        />
      </Section>
      <Section title="Cases raised" intro="Cases raised in the period, by ward and by category.">
        <FigureBlock
          {...common}
          subheading="By ward"
          label="Cases raised by ward"
          columns={WARD_COLUMNS}
          rows={wards}
          rowKey={(r) => r.key}
          fileName="cases-by-ward"
          empty={total(wards, (r) => r.count) === 0 ? 'No cases raised in this period.' : null}
          chart={(c) => <c.VolumeChart title="Cases raised by ward" rows={wards} />}
        />
        <FigureBlock
          {...common}
          subheading="By category"
          label="Cases raised by category"
          columns={CATEGORY_COLUMNS}
          rows={categories}
          rowKey={(r) => r.key}
          fileName="cases-by-category"
          empty={total(categories, (r) => r.count) === 0 ? 'No cases raised in this period.' : null}
          chart={(c) => <c.VolumeChart title="Cases raised by category" rows={categories} />}
        />
      </Section>
      <Section
        title="Councillor and MP enquiries"
        intro="Enquiries raised each month by councillors, and by support officers on behalf of MPs."
      >
        <FigureBlock
          {...common}
          label="Councillor and MP enquiries by month"
          columns={ORIGIN_COLUMNS}
          rows={origins}
          rowKey={(r) => r.month}
          fileName="councillor-and-mp-enquiries"
          empty={
            total(origins, (r) => r.councillor + r.mp) === 0 ? 'No enquiries raised in this period.' : null
          }
          chart={(c) => <c.OriginChart title="Councillor and MP enquiries by month" rows={origins} />}
        />
      </Section>
      <Section
        title="Open cases by age"
        intro={`Cases open on ${formatInstant(stats.generatedAt)}, by how many working days they have been open.`}
      >
        <FigureBlock
          {...common}
          label="Open cases by age in working days"
          columns={AGE_COLUMNS}
          rows={ages}
          rowKey={(r) => r.bucket}
          fileName="open-cases-by-age"
          empty={total(ages, (r) => r.count) === 0 ? 'No cases are open at the moment.' : null}
          chart={(c) => <c.AgeChart title="Open cases by age in working days" rows={ages} />}
        />
      </Section>
    </>
  );
};

/** Performance figures for the caller's cases (a councillor) or the council's (officers), over recent months. */
const PerformancePage = () => {
  const styles = usePerformancePageStyles();
  const session = useSession();
  const [months, setMonths] = useState<PeriodChoice>(12);
  // The period is fixed when the choice changes, so a page left open over midnight does not refetch by itself.
  const period = useMemo(() => periodEnding(months, new Date()), [months]);
  const stats = useApiData((api) => api.stats(period), [period.from, period.to]);
  const charts = useChartKit();

  return (
    <>
      <PageHeader title="Performance" />
      <div className={styles.intro}>
        <div className={styles.whose} aria-live="polite">
          {stats.data && !stats.loading && (
            <>
              <Body1 className={styles.scope}>{SCOPE_WORDS[stats.data.scope]}</Body1>
              <Body1>
                {monthLabel(stats.data.from)} to {monthLabel(stats.data.to)}. Figures as at{' '}
                {formatInstant(stats.data.generatedAt)}.
              </Body1>
            </>
          )}
        </div>
        <Field label="Period">
          <RadioGroup
            layout="horizontal"
            value={String(months)}
            onChange={(_e, data) => {
              if (isPeriodChoice(data.value)) setMonths(Number(data.value) as PeriodChoice);
            }}
          >
            {PERIOD_CHOICES.map((m) => (
              <Radio key={m} value={String(m)} label={`Last ${m} months`} />
            ))}
          </RadioGroup>
        </Field>
      </div>
      {stats.loading ? (
        <Spinner label="Loading the figures…" />
      ) : stats.error || !stats.data ? (
        <ProblemBar error={stats.error} onRetry={stats.reload} />
      ) : (
        <Figures stats={stats.data} session={session} charts={charts} />
      )}
    </>
  );
};

export default PerformancePage;
