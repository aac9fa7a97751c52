import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ApiProvider } from '../src/api/api-context';
import type { ApiClient } from '../src/api/client';
import type { Me } from '../src/api/types';
import { StaticHostProvider, type ThemeName } from '../src/app/host-provider';
import { makeSession, StaticSessionProvider } from '../src/app/session';
import { DIRECTORY, meAs } from './fixtures';

/**
 * Renders `page` at `path` (matched against `pattern`) as the fixture person `as`, with the real providers
 * and router, talking to `api` (usually a fakeService's client).
 */
export const renderPage = (
  page: ReactElement,
  {
    api,
    as = 'cllr-ann',
    path = '/',
    pattern = '*',
    theme = 'default',
    me = {},
    setTheme = null,
  }: {
    api: ApiClient;
    as?: string;
    path?: string;
    pattern?: string;
    theme?: ThemeName;
    /** Changes to the fixture person's /api/me answer (e.g. `features`). */
    me?: Partial<Me>;
    /** Outside Teams the person picks the theme; null (the default) is Teams, where it follows Teams. */
    setTheme?: ((theme: ThemeName) => void) | null;
  },
) => {
  const router = createMemoryRouter(
    [
      { path: pattern, element: page },
      { path: '*', element: <p>Elsewhere</p> },
    ],
    { initialEntries: [path] },
  );
  const session = makeSession({ ...meAs(as), ...me }, DIRECTORY);
  const utils = render(
    <StaticHostProvider
      host={{
        inTeams: false,
        mode: 'local',
        theme,
        setTheme,
        subPageId: null,
        tokens: { token: () => Promise.resolve('t'), unauthenticated: () => undefined },
      }}
    >
      <ApiProvider client={api}>
        <StaticSessionProvider session={session}>
          <RouterProvider router={router} />
        </StaticSessionProvider>
      </ApiProvider>
    </StaticHostProvider>,
  );
  return { ...utils, router };
};
