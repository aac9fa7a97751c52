import { makeStyles, tokens } from '@fluentui/react-components';

export const useFigureBlockStyles = makeStyles({
  root: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    marginBottom: tokens.spacingVerticalL,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
  },
  subheading: { marginRight: 'auto' },
  buttons: { display: 'flex', flexWrap: 'wrap', marginLeft: 'auto' },
  figure: {
    margin: 0,
    minHeight: '8rem',
    minWidth: 0,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  tableWrap: { overflowX: 'auto' },
  table: { minWidth: '20rem' },
  numeric: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  empty: {
    margin: 0,
    padding: tokens.spacingVerticalL,
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
});
