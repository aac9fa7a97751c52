import {
  Body1,
  Field,
  Radio,
  RadioGroup,
  Spinner,
  Title3,
  mergeClasses,
  useId,
} from '@fluentui/react-components';
import { useMemo, useState, type ReactNode } from 'react';
import { useApiData } from '../../api/api-context';
import type { Stats } from '../../api/types';
import { useSession, type Session } from '../../app/session';
import { formatInstant } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { BarList } from './bar-list';
import { FigureBlock } from './figure-block';
import { HeadlineCards } from './headline-cards';
import { HeatMap } from './heat-map';
import {
  AGE_COLUMNS,
  AGE_LABELS,
  ANSWERED_COLUMNS,
  CATEGORY_COLUMNS,
  ORIGIN_COLUMNS,
  PERIOD_CHOICES,
  WARD_COLUMNS,
  ageRows,
  answeredRows,
  categoryRows,
  departmentShares,
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

const Section = ({
  title,
  intro,
  children,
  className,
}: {
  title: string;
  intro: string;
  children: ReactNode;
  className?: string;
}) => {
  const styles = usePerformancePageStyles();
  const headingId = useId('section');
  return (
    <section className={mergeClasses(styles.section, className)} aria-labelledby={headingId}>
      <Title3 as="h2" block id={headingId}>
        {title}
      </Title3>
      <Body1 as="p" block className={styles.sectionIntro}>
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
  const styles = usePerformancePageStyles();
  const period: Period = { from: stats.from, to: stats.to };
  const goal = stats.goalPercentWithinTarget;
  const shares = departmentShares(stats, session.departmentName);
  const answered = answeredRows(stats, session.departmentName);
  const wards = wardRows(stats, session.wardName);
  const categories = categoryRows(stats);
  const origins = originRows(stats);
  const ages = ageRows(stats);
  const common = { period, charts };
  const heatLabel = 'Answered within target by department and month';
  return (
    <>
      <Section
        title="Answered within target"
        intro={`Responses sent by each department, and the share that met the response target, against the council’s goal of ${goal}%.`}
      >
        {shares.length > 0 && <HeadlineCards rows={shares} goal={goal} />}
        <FigureBlock
          {...common}
          subheading="Month by month"
          label={heatLabel}
          columns={ANSWERED_COLUMNS}
          rows={answered}
          rowKey={(r) => `${r.departmentId}:${r.month}`}
          rowTestId={(r) => `answered-within-target-${r.departmentId}-${r.month}`}
          fileName="answered-within-target"
          empty={total(answered, (r) => r.answered) === 0 ? 'No cases answered in this period.' : null}
          picture={{
            table: (
              <HeatMap
                rows={shares}
                goal={goal}
                label="Share answered within target, by department and month"
              />
            ),
          }}
        />
      </Section>
      <Section
        title="Cases raised"
        intro="Cases raised in the period, by electoral division and by category."
      >
        <div className={styles.twoUp}>
          <FigureBlock
            {...common}
            subheading="By electoral division"
            label="Cases raised by ward"
            columns={WARD_COLUMNS}
            rows={wards}
            rowKey={(r) => r.key}
            fileName="cases-by-ward"
            empty={total(wards, (r) => r.count) === 0 ? 'No cases raised in this period.' : null}
            picture={{
              table: (
                <BarList
                  rows={wards}
                  label="Cases raised by ward"
                  nameHeader="Electoral division"
                  countHeader="Cases raised"
                />
              ),
              complete: true,
            }}
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
            picture={{
              table: (
                <BarList
                  rows={categories}
                  label="Cases raised by category"
                  nameHeader="Category"
                  countHeader="Cases raised"
                />
              ),
              complete: true,
            }}
          />
        </div>
      </Section>
      <div className={styles.twoUp}>
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
            picture={{
              chart: (c) => <c.OriginChart title="Councillor and MP enquiries by month" rows={origins} />,
            }}
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
            picture={{
              table: (
                <BarList
                  rows={ages.map((r) => ({ key: r.bucket, name: AGE_LABELS[r.bucket], count: r.count }))}
                  label="Open cases by age in working days"
                  nameHeader="Open for"
                  countHeader="Open cases"
                />
              ),
              complete: true,
            }}
          />
        </Section>
      </div>
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
