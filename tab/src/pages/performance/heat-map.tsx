import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { ScrollRegion } from '../../components/scroll-region';
import { useVisuallyHiddenStyles } from '../../components/visually-hidden';
import { goalBand, NEAR_GOAL_POINTS, percentText, type DepartmentShares, type GoalBand } from './figures';

const useStyles = makeStyles({
  grid: {
    width: '100%',
    borderCollapse: 'separate',
    borderSpacing: tokens.spacingHorizontalXXS,
    fontVariantNumeric: 'tabular-nums',
  },
  department: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightRegular,
    paddingRight: tokens.spacingHorizontalS,
    whiteSpace: 'nowrap',
  },
  month: {
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
    textAlign: 'center',
    lineHeight: tokens.lineHeightBase200,
    fontSize: tokens.fontSizeBase200,
  },
  cell: {
    minWidth: '3rem',
    height: '2rem',
    textAlign: 'center',
    borderRadius: tokens.borderRadiusSmall,
    color: tokens.colorNeutralForeground1,
    border: `${tokens.strokeWidthThin} solid transparent`,
  },
  meets: { backgroundColor: tokens.colorPaletteGreenBackground2 },
  near: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  below: { backgroundColor: tokens.colorPaletteRedBackground2 },
  none: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground2 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    marginTop: tokens.spacingVerticalS,
  },
  key: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  swatch: {
    display: 'inline-block',
    width: '1rem',
    height: '1rem',
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
});

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const yearName = new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'UTC' });

/**
 * Answered within target as a grid: a row per department, a column per month, each cell the month's share
 * with its colour band against the goal (meets it; within 10 points; further below; no responses). The
 * numbers are in every cell and the colours only repeat them. It is a real table (row and column headers), in
 * a region that scrolls sideways on a phone and can be scrolled from the keyboard.
 */
export const HeatMap = ({
  rows,
  goal,
  label,
}: {
  rows: readonly DepartmentShares[];
  goal: number;
  label: string;
}) => {
  const styles = useStyles();
  const visually = useVisuallyHiddenStyles();
  const scroller = useRef<HTMLDivElement>(null);
  // Where the months do not all fit (a phone), start at the latest: this month is what people look for.
  useEffect(() => {
    const region = scroller.current;
    if (region) region.scrollLeft = region.scrollWidth;
  }, [rows]);
  const months = rows[0]?.months.map((m) => m.month) ?? [];
  const bandClass: Record<GoalBand, string> = {
    meets: styles.meets,
    near: styles.near,
    below: styles.below,
    none: styles.none,
  };
  return (
    <div>
      <ScrollRegion label={label} ref={scroller}>
        <table className={styles.grid} aria-label={label}>
          <thead>
            <tr>
              <td />
              {months.map((month, i) => {
                const at = new Date(`${month}-01T12:00:00Z`);
                return (
                  <th key={month} scope="col" className={styles.month}>
                    {monthName.format(at)}
                    {i === 0 || month.endsWith('-01') ? (
                      <>
                        <br />
                        {yearName.format(at)}
                      </>
                    ) : (
                      <span className={visually.hidden}> {yearName.format(at)}</span>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.departmentId}>
                <th scope="row" className={styles.department}>
                  {row.department}
                </th>
                {row.months.map((m) => (
                  <td
                    key={m.month}
                    className={mergeClasses(styles.cell, bandClass[goalBand(m.percent, goal)])}
                  >
                    {percentText(m.percent)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <div className={styles.legend}>
        {(
          [
            ['meets', `${goal}% or more (the goal)`],
            ['near', `${Math.max(0, goal - NEAR_GOAL_POINTS)}% to ${goal - 1}%`],
            ['below', `Under ${Math.max(0, goal - NEAR_GOAL_POINTS)}%`],
            ['none', 'No responses'],
          ] as const
        ).map(([band, words]) => (
          <span key={band} className={styles.key}>
            <span className={mergeClasses(styles.swatch, bandClass[band])} />
            <Caption1>{words}</Caption1>
          </span>
        ))}
      </div>
    </div>
  );
};
