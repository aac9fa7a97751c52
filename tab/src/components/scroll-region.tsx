import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a phone (390 px): the scrolling box is a named region in the tab order,
 * so a keyboard user can scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable) even
 * when nothing inside it takes the focus.
 */
export const ScrollRegion = ({
  label,
  className,
  children,
}: {
  label: string;
  className: string;
  children: ReactNode;
}) => (
  <div role="region" aria-label={label} tabIndex={0} className={className}>
    {children}
  </div>
);
