import { Body1, Caption1, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, WarningRegular } from '@fluentui/react-icons';
import { goalBand, monthLabel, percentText, type DepartmentShares } from './figures';
import { Sparkline } from './sparkline';

const useStyles = makeStyles({
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 11rem), 1fr))',
    gap: tokens.spacingHorizontalM,
    listStyleType: 'none',
    margin: `0 0 ${tokens.spacingVerticalL}`,
    padding: 0,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  figureLine: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
  },
  figure: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  state: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  meets: { color: tokens.colorPaletteGreenForeground1 },
  short: { color: tokens.colorPaletteDarkOrangeForeground1 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** What a department's latest month says against the goal, in words. */
export const goalWords = (percent: number | null, goal: number): string => {
  const band = goalBand(percent, goal);
  if (band === 'none') return 'No responses yet';
  if (band === 'meets') return `Meets the ${goal}% goal`;
  return `${goal - Math.round(percent ?? 0)} points below the ${goal}% goal`;
};

/** The trend in words, for the card: the first and last months with responses in the period. */
export const trendWords = (row: DepartmentShares): string => {
  const known = row.months.filter((m) => m.percent !== null);
  const first = known[0];
  const last = known[known.length - 1];
  if (!first || !last || first === last) return 'Too few months for a trend';
  return `${monthLabel(first.month)}: ${percentText(first.percent)}. ${monthLabel(last.month)}: ${percentText(last.percent)}.`;
};

/**
 * One card per department: the latest month's share answered within target against the council's goal (in
 * words and a figure), how many that is of how many, and the trend over the period as a small line with its
 * first and last months in words.
 */
export const HeadlineCards = ({ rows, goal }: { rows: readonly DepartmentShares[]; goal: number }) => {
  const styles = useStyles();
  return (
    <ul className={styles.cards} aria-label="Each department this month">
      {rows.map((row) => {
        const { headline } = row;
        const band = goalBand(headline.percent, goal);
        return (
          <li key={row.departmentId} className={styles.card} data-testid={`headline-${row.departmentId}`}>
            <Subtitle2 as="h3">{row.department}</Subtitle2>
            <div className={styles.figureLine}>
              <span className={styles.figure}>{percentText(headline.percent)}</span>
              <Sparkline values={row.months.map((m) => m.percent)} />
            </div>
            <Body1>
              {headline.answered === 0
                ? `No responses in ${monthLabel(headline.month)}`
                : `${headline.withinTarget} of ${headline.answered} within target in ${monthLabel(headline.month)}`}
            </Body1>
            {band !== 'none' && (
              <Body1 className={mergeClasses(styles.state, band === 'meets' ? styles.meets : styles.short)}>
                {band === 'meets' ? <CheckmarkCircleRegular aria-hidden /> : <WarningRegular aria-hidden />}
                {goalWords(headline.percent, goal)}
              </Body1>
            )}
            <Caption1 className={styles.muted}>Trend: {trendWords(row)}</Caption1>
          </li>
        );
      })}
    </ul>
  );
};
