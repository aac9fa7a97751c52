import { Dropdown, Label, Option, Text, useId } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import type { Role } from '../api/types';
import { NavRouterLink } from '../components/router-link';
import { THEMES, useHost, type ThemeName } from './host-provider';
import { useSession } from './session';
import { useShellStyles } from './shell.styles';

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

const ThemePicker = ({ theme, setTheme }: { theme: ThemeName; setTheme: (t: ThemeName) => void }) => {
  const id = useId('theme');
  const styles = useShellStyles();
  return (
    <>
      <Label htmlFor={id}>Theme</Label>
      <Dropdown
        id={id}
        className={styles.theme}
        value={THEME_LABELS[theme]}
        selectedOptions={[theme]}
        onOptionSelect={(_e, data) => {
          if (data.optionValue) setTheme(data.optionValue as ThemeName);
        }}
      >
        {THEMES.map((t) => (
          <Option key={t} value={t}>
            {THEME_LABELS[t]}
          </Option>
        ))}
      </Dropdown>
    </>
  );
};

/**
 * Header, navigation and the main landmark. On every navigation the page's heading takes focus so screen
 * readers announce the new page (the document title changes too).
 */
export const Shell = ({ children }: { children: ReactNode }) => {
  const styles = useShellStyles();
  const { me } = useSession();
  const host = useHost();
  const location = useLocation();
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
      <header className={styles.header}>
        <Text className={styles.brand}>Members’ Hub</Text>
        <nav className={styles.nav} aria-label="Members’ Hub">
          <ul className={styles.navList}>
            {navFor(me.roles).map((item) => (
              <li key={item.to}>
                <NavRouterLink to={item.to} className={styles.navLink}>
                  {item.label}
                </NavRouterLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className={styles.who}>
          <Text>{me.displayName}</Text>
          {host.setTheme && <ThemePicker theme={host.theme} setTheme={host.setTheme} />}
        </div>
      </header>
      <main id="main" ref={mainRef} className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
};
