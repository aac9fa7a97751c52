import { createFocusOutlineStyle, makeStyles, mergeClasses } from '@fluentui/react-components';
import type { ReactNode, Ref } from 'react';

const useStyles = makeStyles({
  // Positioned, so that visually hidden text inside scrolls with the content rather than stick out of the page.
  region: { position: 'relative', overflowX: 'auto', ...createFocusOutlineStyle() },
});

/**
 * Content that may be wider than the screen (a table on a phone) and scrolls sideways inside the page rather
 * than widening it. It is a named region that takes keyboard focus, so it can be scrolled without a mouse
 * even when nothing inside it is focusable (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export const ScrollRegion = ({
  label,
  className,
  ref,
  children,
}: {
  label: string;
  className?: string | undefined;
  ref?: Ref<HTMLDivElement> | undefined;
  children: ReactNode;
}) => {
  const styles = useStyles();
  return (
    <div
      ref={ref}
      role="region"
      aria-label={label}
      tabIndex={0}
      className={mergeClasses(styles.region, className)}
    >
      {children}
    </div>
  );
};
