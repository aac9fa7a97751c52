import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
  },
});

/** The page's one h1, which also names the browser tab / window. */
export const PageHeader = ({ title, children }: { title: string; children?: ReactNode }) => {
  const styles = useStyles();
  useEffect(() => {
    document.title = `${title} – Members’ Hub`;
  }, [title]);
  return (
    <div className={styles.root}>
      <Title2 as="h1">{title}</Title2>
      {children}
    </div>
  );
};
