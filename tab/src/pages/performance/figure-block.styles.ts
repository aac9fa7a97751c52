import { makeStyles, tokens } from '@fluentui/react-components';

export const useFigureBlockStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXL,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalM,
  },
  download: { marginLeft: 'auto' },
  figure: {
    margin: 0,
    minHeight: '8rem',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  tableWrap: { overflowX: 'auto' },
  table: { minWidth: '20rem' },
  numeric: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  empty: {
    padding: tokens.spacingVerticalL,
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
});
