import {
  Avatar,
  Button,
  Menu,
  MenuGroup,
  MenuGroupHeader,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  mergeClasses,
  useId,
} from '@fluentui/react-components';
import { DismissRegular, NavigationRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import type { Role } from '../api/types';
import { NavRouterLink } from '../components/router-link';
import { THEMES, useHost, type ThemeName } from './host-provider';
import { useSession } from './session';
import { useGlobalStyles, useShellStyles } from './shell.styles';
import { usePhoneWidth } from './use-width';

const THEME_LABELS: Record<ThemeName, string> = { default: 'Light', dark: 'Dark', contrast: 'High contrast' };

interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[];
}

const NAV: readonly NavItem[] = [
  { to: '/cases', label: 'My cases', roles: ['Councillor'] },
  { to: '/triage', label: 'Triage', roles: ['SupportOfficer'] },
  { to: '/cases', label: 'All cases', roles: ['SupportOfficer'] },
  { to: '/department', label: 'Department queue', roles: ['DepartmentOfficer'] },
  // Answered cases leave the queue; here they are still found (the department's cases, responded).
  { to: '/cases?status=responded', label: 'Answered', roles: ['DepartmentOfficer'] },
  { to: '/new', label: 'New case', roles: ['Councillor', 'SupportOfficer'] },
  {
    to: '/performance',
    label: 'Performance',
    roles: ['Councillor', 'SupportOfficer', 'DepartmentOfficer', 'Administrator'],
  },
  { to: '/briefings', label: 'Briefings', roles: ['SupportOfficer', 'Administrator'] },
  { to: '/ingest', label: 'Scan-ingest', roles: ['SupportOfficer'] },
  { to: '/papers', label: 'Legacy papers', roles: ['Councillor', 'SupportOfficer'] },
  { to: '/admin', label: 'Admin', roles: ['Administrator'] },
];

/** The items a person sees: each destination once, under the first label that fits their roles. */
export const navFor = (roles: readonly Role[]): NavItem[] =>
  NAV.filter((item) => item.roles.some((r) => roles.includes(r))).filter(
    (item, i, all) => all.findIndex((other) => other.to === item.to) === i,
  );

/**
 * Who is signed in. Outside Teams it is also the theme menu; inside Teams the theme follows Teams, so there is
 * nothing to choose and the name is shown (on wider screens) as plain text.
 */
const PersonMenu = ({ phone }: { phone: boolean }) => {
  const styles = useShellStyles();
  const { me } = useSession();
  const host = useHost();
  const avatar = <Avatar name={me.displayName} size={24} aria-hidden />;
  const setTheme = host.setTheme;
  if (!setTheme)
    return phone ? null : (
      <span className={styles.person}>
        {avatar}
        <Text className={styles.name}>{me.displayName}</Text>
      </span>
    );
  return (
    <Menu
      checkedValues={{ theme: [host.theme] }}
      onCheckedValueChange={(_e, data) => {
        const next = data.checkedItems[0];
        if (THEMES.includes(next as ThemeName)) setTheme(next as ThemeName);
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          icon={avatar}
          className={styles.personButton}
          aria-label={`${me.displayName}: theme`}
        >
          {phone ? undefined : <span className={styles.name}>{me.displayName}</span>}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>Theme</MenuGroupHeader>
            {THEMES.map((t) => (
              <MenuItemRadio key={t} name="theme" value={t}>
                {THEME_LABELS[t]}
              </MenuItemRadio>
            ))}
          </MenuGroup>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
};

/**
 * The pages a person may open. On a phone they fold behind a "Menu" button (a disclosure: the links drop
 * down over the page, Escape or choosing one folds them again); wider, they sit in the header.
 */
const Navigation = ({ phone }: { phone: boolean }) => {
  const styles = useShellStyles();
  const { me } = useSession();
  const location = useLocation();
  const listId = useId('nav-list');
  const button = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [location.pathname, phone]);
  useEffect(() => {
    if (!open) return;
    // A press anywhere outside the navigation folds it away again, as a menu would.
    const outside = (event: PointerEvent) => {
      if (!navRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const items = navFor(me.roles);
  const links = (
    <ul id={listId} className={mergeClasses(styles.navList, phone && styles.navListDropDown)}>
      {items.map((item) => (
        <li key={item.to}>
          <NavRouterLink
            to={item.to}
            className={mergeClasses(styles.navLink, phone && styles.navLinkDropDown)}
          >
            {item.label}
          </NavRouterLink>
        </li>
      ))}
    </ul>
  );
  if (!phone)
    return (
      <nav className={styles.nav} aria-label="Members’ Hub">
        {links}
      </nav>
    );
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  return (
    <nav
      ref={navRef}
      className={mergeClasses(styles.nav, styles.navPhone)}
      aria-label="Members’ Hub"
      onKeyDown={closeOnEscape}
    >
      <Button
        ref={button}
        appearance="subtle"
        icon={open ? <DismissRegular /> : <NavigationRegular />}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </Button>
      {open && links}
    </nav>
  );
};

/**
 * Header, navigation and the main landmark. On every navigation the page's heading takes focus so screen
 * readers announce the new page (the document title changes too). The header keeps to one line at every
 * width: on a phone the pages fold behind "Menu" and the person's name behind their initials.
 */
export const Shell = ({ children }: { children: ReactNode }) => {
  useGlobalStyles();
  const styles = useShellStyles();
  const location = useLocation();
  const phone = usePhoneWidth();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [location.pathname]);

  return (
    <div className={styles.root}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={mergeClasses(styles.header, phone && styles.headerPhone)}>
        {phone && <Navigation phone />}
        <Text className={styles.brand}>Members’ Hub</Text>
        {!phone && <Navigation phone={false} />}
        <div className={styles.who}>
          <PersonMenu phone={phone} />
        </div>
      </header>
      <main
        id="main"
        ref={mainRef}
        className={mergeClasses(styles.main, phone && styles.mainPhone)}
        tabIndex={-1}
      >
        {children}
      </main>
    </div>
  );
};
