import { makeStyles, tokens } from '@fluentui/react-components';
import { useVisuallyHiddenStyles } from '../../components/visually-hidden';
import type { VolumeRow } from './figures';

const useStyles = makeStyles({
  table: { width: '100%', borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums' },
  name: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightRegular,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXXS} 0`,
    width: '40%',
    overflowWrap: 'anywhere',
  },
  value: { padding: `${tokens.spacingVerticalXXS} 0` },
  track: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  bar: {
    height: '1rem',
    minWidth: '2px',
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorBrandBackground,
    // In forced colours the background would vanish; a border in the text colour keeps the bar.
    '@media (forced-colors: active)': { border: `${tokens.strokeWidthThin} solid CanvasText` },
  },
});

/**
 * Counts per name as horizontal bars, each name in full beside its bar and the count after it: a table (row
 * headers, a visually hidden column header) that reads the same to a screen reader as it looks.
 */
export const BarList = ({
  rows,
  label,
  nameHeader,
  countHeader,
}: {
  rows: readonly VolumeRow[];
  label: string;
  nameHeader: string;
  countHeader: string;
}) => {
  const styles = useStyles();
  const visually = useVisuallyHiddenStyles();
  const most = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table className={styles.table} aria-label={label}>
      <thead className={visually.hidden}>
        <tr>
          <th scope="col">{nameHeader}</th>
          <th scope="col">{countHeader}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" className={styles.name}>
              {r.name}
            </th>
            <td className={styles.value}>
              <span className={styles.track}>
                <span className={styles.bar} style={{ width: `${(r.count / most) * 80}%` }} />
                {r.count.toLocaleString('en-GB')}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
