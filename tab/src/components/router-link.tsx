import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useLinkClickHandler, useMatch, useResolvedPath } from 'react-router';

interface RouterLinkProps {
  to: string;
  children: ReactNode;
  className?: string;
}

/**
 * A Fluent link that navigates inside the tab without a page load (and is still a real link: it can be
 * opened in a new window, copied, and is announced as a link). Tables use it on every row, so it does no
 * route matching of its own.
 */
export const RouterLink = ({ to, children, className, current }: RouterLinkProps & { current?: boolean }) => {
  const href = useHref(to);
  const handle = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Link
      href={href}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => handle(event)}
    >
      {children}
    </Link>
  );
};

/** A navigation-menu link: also marks itself as the current page (aria-current) when the address matches. */
export const NavRouterLink = (props: RouterLinkProps) => {
  const resolved = useResolvedPath(props.to);
  const current = useMatch({ path: resolved.pathname, end: true });
  return <RouterLink {...props} current={current !== null} />;
};
