import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  line: { color: tokens.colorBrandForeground1, flexShrink: 0, overflow: 'visible' },
});

const WIDTH = 112;
const HEIGHT = 28;
const PAD = 3;

/**
 * Percentages month by month as a small line on a fixed 0 to 100 scale (so a dip reads as a dip), with a gap
 * for a month with no figure and a dot for a month standing alone. Drawn in the brand colour from the theme.
 * It is only a picture: the card says the same in words, so it is hidden from screen readers and takes no
 * keyboard stop (the charting library's sparkline takes one for every card, with a label that says nothing).
 */
export const Sparkline = ({ values }: { values: readonly (number | null)[] }) => {
  const styles = useStyles();
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  const at = (value: number, i: number) =>
    [PAD + i * step, PAD + ((100 - Math.min(100, Math.max(0, value))) / 100) * (HEIGHT - 2 * PAD)] as const;
  // Runs of consecutive months with a figure; each run is one line (or a dot).
  const runs: (readonly [number, number])[][] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    const point = at(value, i);
    const run = runs[runs.length - 1];
    if (run && values[i - 1] !== null && i > 0) run.push(point);
    else runs.push([point]);
  });
  return (
    <svg
      className={styles.line}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      aria-hidden
      focusable="false"
    >
      {runs.map((run, i) =>
        run.length === 1 ? (
          <circle key={i} cx={run[0]?.[0]} cy={run[0]?.[1]} r={2} fill="currentColor" />
        ) : (
          <polyline
            key={i}
            points={run.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
            fill="none"
            stroke="currentColor"
            strokeWidth={2}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ),
      )}
    </svg>
  );
};
