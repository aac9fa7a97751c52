import { createCustomFocusIndicatorStyle, makeStyles, tokens } from '@fluentui/react-components';

/**
 * The case table's body rows are plain `tr`/`td`/`a` elements dressed in the same tokens as Fluent's
 * TableRow, TableCell (size small) and Link. Fluent's components cost about a millisecond a row to render,
 * and My cases shows up to 500 rows; plain elements keep the look, the semantics and the keyboard
 * behaviour at a fraction of that (docs/performance.md, "The tab").
 */
export const useCaseTableStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  table: { minWidth: '48rem' },
  row: {
    color: tokens.colorNeutralForeground1,
    boxSizing: 'border-box',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ':hover': {
      backgroundColor: tokens.colorSubtleBackgroundHover,
      color: tokens.colorNeutralForeground1Hover,
    },
    ':active': {
      backgroundColor: tokens.colorSubtleBackgroundPressed,
      color: tokens.colorNeutralForeground1Pressed,
    },
    '@media (forced-colors: active)': { ':hover': { color: 'Highlight', borderBottomColor: 'Highlight' } },
  },
  cell: {
    position: 'relative',
    verticalAlign: 'middle',
    height: '34px',
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontSize: 'inherit',
    textDecorationLine: 'none',
    textDecorationThickness: tokens.strokeWidthThin,
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':active': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkPressed },
    ':focus-visible': { outlineStyle: 'none' },
    ...createCustomFocusIndicatorStyle({
      textDecorationColor: tokens.colorStrokeFocus2,
      textDecorationLine: 'underline',
      textDecorationStyle: 'double',
      outlineStyle: 'none',
    }),
  },
  overdue: {
    boxShadow: `inset ${tokens.strokeWidthThickest} 0 0 ${tokens.colorPaletteRedBorder2}`,
  },
  ref: { whiteSpace: 'nowrap', fontFamily: tokens.fontFamilyMonospace },
  select: { width: '3rem' },
  title: { minWidth: '14rem' },
  nowrap: { whiteSpace: 'nowrap' },
});
