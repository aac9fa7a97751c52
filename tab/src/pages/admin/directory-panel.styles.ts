import { makeStyles, tokens } from '@fluentui/react-components';

export const useDirectoryPanelStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  // Columns as wide as their content, and never squeezed below a readable width: on a phone the table
  // scrolls sideways inside its panel rather than print names over each other.
  tableWrap: { '& table': { tableLayout: 'auto', minWidth: '36rem' } },
  actions: { width: '8rem' },
});
