import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RuntimeConfig } from '../api/types';
import type { TokenSource } from '../api/client';

export const THEMES = ['default', 'dark', 'contrast'] as const;
export type ThemeName = (typeof THEMES)[number];

const FLUENT_THEMES: Record<ThemeName, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export const isThemeName = (value: unknown): value is ThemeName =>
  typeof value === 'string' && (THEMES as readonly string[]).includes(value);

export interface Host {
  /** Running inside Teams (Microsoft 365 mode), or in a browser against the embedded default. */
  inTeams: boolean;
  mode: RuntimeConfig['mode'];
  theme: ThemeName;
  /** Only outside Teams: inside Teams the theme follows the Teams client. */
  setTheme: ((theme: ThemeName) => void) | null;
  /** Teams' sub-page id (a deep link into the tab), when Teams opened the tab with one. */
  subPageId: string | null;
  tokens: TokenSource;
}

const HostContext = createContext<Host | null>(null);

export const useHost = (): Host => {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost must be used inside HostProvider');
  return host;
};

const LOCAL_TOKEN_KEY = 'membersHubLocalToken';
const THEME_KEY = 'membersHubTheme';

/** Where the local sign-in page sends the person back to: the page they were on. */
const signInUrl = (base: string): string =>
  `${base}?return=${encodeURIComponent(window.location.pathname + window.location.search + window.location.hash)}`;

/**
 * The embedded default's identity: the local sign-in page puts a short-lived token in this tab's
 * sessionStorage. A missing or refused token sends the person back to that page.
 */
export const localTokens = (signIn: string): TokenSource => ({
  token: () => {
    const token = window.sessionStorage.getItem(LOCAL_TOKEN_KEY);
    if (token) return Promise.resolve(token);
    window.location.assign(signInUrl(signIn));
    // The page is going away; nothing should be sent meanwhile.
    return new Promise<string>(() => undefined);
  },
  unauthenticated: () => {
    window.sessionStorage.removeItem(LOCAL_TOKEN_KEY);
    window.location.assign(signInUrl(signIn));
  },
});

const initialLocalTheme = (): ThemeName => {
  const fromUrl = new URLSearchParams(window.location.search).get('theme');
  if (isThemeName(fromUrl)) return fromUrl;
  const stored = window.localStorage.getItem(THEME_KEY);
  if (isThemeName(stored)) return stored;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  if (window.matchMedia?.('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'default';
};

type HostState =
  { status: 'starting' } | { status: 'ready'; host: Omit<Host, 'setTheme' | 'theme'> } | { status: 'failed' };

/**
 * The one owner of `app.initialize()`, the Teams context and the theme. In Microsoft 365 mode the tab runs in
 * Teams: it initialises once, follows Teams' theme changes and gets tokens by SSO. In local mode it runs in a
 * browser with the local sign-in, and the person picks the theme.
 */
export const HostProvider = ({
  runtime,
  children,
  fallback,
  failure,
}: {
  runtime: RuntimeConfig;
  children: ReactNode;
  fallback: ReactNode;
  failure: ReactNode;
}) => {
  const [state, setState] = useState<HostState>({ status: 'starting' });
  const [theme, setThemeState] = useState<ThemeName>('default');

  useEffect(() => {
    if (runtime.mode === 'local') {
      setThemeState(initialLocalTheme());
      setState({
        status: 'ready',
        host: {
          inTeams: false,
          mode: 'local',
          subPageId: null,
          tokens: localTokens(runtime.signInUrl ?? '/auth/local'),
        },
      });
      return;
    }
    let live = true;
    const start = async () => {
      const { startTeams } = await import('./teams-host');
      const teams = await startTeams();
      if (!live) return;
      setThemeState(isThemeName(teams.theme) ? teams.theme : 'default');
      teams.onThemeChange((next) => setThemeState(isThemeName(next) ? next : 'default'));
      setState({
        status: 'ready',
        host: {
          inTeams: true,
          mode: 'm365',
          subPageId: teams.subPageId,
          tokens: teams.tokens,
        },
      });
    };
    start().catch(() => {
      if (live) setState({ status: 'failed' });
    });
    return () => {
      live = false;
    };
  }, [runtime]);

  const value = useMemo<Host | null>(() => {
    if (state.status !== 'ready') return null;
    const setTheme = state.host.inTeams
      ? null
      : (next: ThemeName) => {
          window.localStorage.setItem(THEME_KEY, next);
          setThemeState(next);
        };
    return { ...state.host, theme, setTheme };
  }, [state, theme]);

  return (
    <FluentProvider theme={FLUENT_THEMES[theme]} data-theme={theme} style={{ minHeight: '100vh' }}>
      {value ? (
        <HostContext.Provider value={value}>{children}</HostContext.Provider>
      ) : state.status === 'failed' ? (
        failure
      ) : (
        fallback
      )}
    </FluentProvider>
  );
};

/** For tests and the component bench: a host with a fixed theme and token source. */
export const StaticHostProvider = ({ host, children }: { host: Host; children: ReactNode }) => (
  <FluentProvider theme={FLUENT_THEMES[host.theme]} data-theme={host.theme}>
    <HostContext.Provider value={host}>{children}</HostContext.Provider>
  </FluentProvider>
);
