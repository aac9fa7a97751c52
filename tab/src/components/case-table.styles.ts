import { makeStyles, tokens } from '@fluentui/react-components';

export const useCaseTableStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  table: { minWidth: '48rem' },
  overdue: {
    boxShadow: `inset ${tokens.strokeWidthThickest} 0 0 ${tokens.colorPaletteRedBorder2}`,
  },
  ref: { whiteSpace: 'nowrap', fontFamily: tokens.fontFamilyMonospace },
  select: { width: '3rem' },
  title: { minWidth: '14rem' },
  nowrap: { whiteSpace: 'nowrap' },
});
