import { createCustomFocusIndicatorStyle, makeStyles, tokens } from '@fluentui/react-components';

/**
 * The case list's rows and items are plain `tr`/`td`/`li`/`a` elements dressed in the same tokens as Fluent's
 * TableRow, TableCell (size small) and Link. Fluent's components cost about a millisecond a row to render,
 * and My cases shows up to 500 cases; plain elements keep the look, the semantics and the keyboard
 * behaviour at a fraction of that (docs/performance.md, "The tab").
 */
export const useCaseListStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  sortBy: { marginBottom: tokens.spacingVerticalM },
  // Fluent's Table lays columns out at equal widths (table-layout: fixed); here each column is as wide as its
  // content and the title takes the rest.
  table: { tableLayout: 'auto' },
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
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
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
  // "New since you last looked": words, not colour alone, in the brand colour with an outline that stays
  // visible in high contrast.
  news: {
    display: 'inline-block',
    marginRight: tokens.spacingHorizontalXS,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    whiteSpace: 'nowrap',
  },
  select: { width: '2.5rem' },
  // A title keeps a readable measure however many columns share the row.
  title: { minWidth: '12rem' },
  nowrap: { whiteSpace: 'nowrap' },
  names: { minWidth: '7rem', maxWidth: '14rem' },

  // The compact list (phones and tablets).
  selectAll: { marginBottom: tokens.spacingVerticalXS },
  items: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  itemSelect: { flexShrink: 0, marginTop: `calc(-1 * ${tokens.spacingVerticalXS})` },
  itemBody: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    flexGrow: 1,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  itemLink: { display: 'block' },
  itemTitle: { fontWeight: tokens.fontWeightSemibold },
  itemLine: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
  },
  itemFacts: { color: tokens.colorNeutralForeground2 },
  itemAction: { flexShrink: 0 },
});
