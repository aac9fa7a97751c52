import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdminPageStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalL, overflowX: 'auto' },
  panel: { paddingTop: tokens.spacingVerticalS },
});
