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
  tableWrap: { overflowX: 'auto' },
  actions: { width: '8rem' },
});
