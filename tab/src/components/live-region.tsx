import { makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  // Read by screen readers, not shown: each line is said once as it arrives.
  live: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/** A polite live region, not shown: what it holds is said by screen readers as it changes. */
export const LiveRegion = ({ children, testId }: { children: ReactNode; testId?: string }) => {
  const styles = useStyles();
  return (
    <div className={styles.live} role="status" aria-live="polite" data-testid={testId}>
      {children}
    </div>
  );
};
