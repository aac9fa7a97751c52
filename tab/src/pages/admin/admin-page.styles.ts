import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdminPageStyles = makeStyles({
  // Five tabs do not fit a phone's width: they wrap onto a second line rather than run off the page.
  tabs: { marginBottom: tokens.spacingVerticalL, flexWrap: 'wrap' },
  panel: { paddingTop: tokens.spacingVerticalS },
});
