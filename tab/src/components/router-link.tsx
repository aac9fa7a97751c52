import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useLinkClickHandler, useMatch, useResolvedPath } from 'react-router';

/**
 * A Fluent link that navigates inside the tab without a page load (and is still a real link: it can be
 * opened in a new window, copied, and is announced as a link).
 */
export const RouterLink = ({
  to,
  children,
  markCurrent = false,
  className,
}: {
  to: string;
  children: ReactNode;
  /** Marks the link as the current page (aria-current) when the address matches: for navigation menus. */
  markCurrent?: boolean;
  className?: string;
}) => {
  const href = useHref(to);
  const handle = useLinkClickHandler<HTMLAnchorElement>(to);
  const resolved = useResolvedPath(to);
  const current = useMatch({ path: resolved.pathname, end: true });
  return (
    <Link
      href={href}
      className={className}
      aria-current={markCurrent && current ? 'page' : undefined}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => handle(event)}
    >
      {children}
    </Link>
  );
};
