import { makeStyles, tokens } from '@fluentui/react-components';

export const useEditDialogStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});
