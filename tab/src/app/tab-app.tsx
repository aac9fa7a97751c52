import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { lazy, Suspense, useMemo } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { ApiProvider } from '../api/api-context';
import { createApiClient } from '../api/client';
import type { RuntimeConfig } from '../api/types';
import { HostProvider, useHost } from './host-provider';
import { SessionProvider } from './session';
import { Shell } from './shell';
import { Home } from '../pages/home';
import { MyCasesPage } from '../pages/my-cases';
import { CasePage } from '../pages/case-page';
import { NewCasePage } from '../pages/new-case';
import { TriagePage } from '../pages/triage';
import { DepartmentPage } from '../pages/department';
import { WardPage } from '../pages/ward';
import { ChannelConfigPage } from '../pages/channel-config';
import { FileMessagePage } from '../pages/file-message';
import { NotFoundPage } from '../pages/not-found';
import { LegacyPapersPage } from '../pages/legacy-papers';
import { TeamsDeepLink } from './teams-deep-link';
import type * as IngestPages from '../pages/ingest';

// Charts and administration are the heaviest pages and the least visited: each is its own chunk.
const PerformancePage = lazy(() => import('../pages/performance/performance-page'));
const AdminPage = lazy(() => import('../pages/admin/admin-page'));
const BriefingsPage = lazy(() => import('../pages/briefings/briefings-page'));
// Scan-ingest is support officers' work: its pages are one chunk, loaded when first opened.
const ingestPage = <K extends keyof typeof IngestPages>(name: K) =>
  lazy(() => import('../pages/ingest').then((m) => ({ default: m[name] })));
const IngestHomePage = ingestPage('IngestHomePage');
const BatchPage = ingestPage('BatchPage');
const ReviewQueuePage = ingestPage('ReviewQueuePage');
const ReviewPage = ingestPage('ReviewPage');
const DestructionLogPage = ingestPage('DestructionLogPage');

const Loading = () => <Spinner label="Loading…" />;

/** The routes, relative to /tab/. Each page is deep-linkable. */
export const routes = [
  // The "File to case" dialog: a page of its own inside a Teams dialog, without the tab's navigation.
  { path: 'file-message/:id', element: <FileMessagePage /> },
  {
    element: (
      <Shell>
        <TeamsDeepLink />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Shell>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'cases', element: <MyCasesPage /> },
      { path: 'cases/:ref', element: <CasePage /> },
      { path: 'new', element: <NewCasePage /> },
      { path: 'triage', element: <TriagePage /> },
      { path: 'department', element: <DepartmentPage /> },
      { path: 'performance', element: <PerformancePage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'briefings', element: <BriefingsPage /> },
      { path: 'ingest', element: <IngestHomePage /> },
      { path: 'ingest/batches/:id', element: <BatchPage /> },
      { path: 'ingest/review', element: <ReviewQueuePage /> },
      { path: 'ingest/documents/:id', element: <ReviewPage /> },
      { path: 'ingest/destruction-log', element: <DestructionLogPage /> },
      { path: 'papers', element: <LegacyPapersPage /> },
      { path: 'ward/:wardId', element: <WardPage /> },
      { path: 'config', element: <ChannelConfigPage /> },
      { path: 'home', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

const Routed = () => {
  const host = useHost();
  const api = useMemo(() => createApiClient(host.tokens), [host.tokens]);
  const router = useMemo(() => createBrowserRouter(routes, { basename: '/tab' }), []);
  return (
    <ApiProvider client={api}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </ApiProvider>
  );
};

export const TabApp = ({ runtime }: { runtime: RuntimeConfig }) => (
  <HostProvider
    runtime={runtime}
    fallback={<Loading />}
    failure={
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Teams did not start the tab</MessageBarTitle> Close the tab and open it again. If
          it keeps happening, tell the IT service desk.
        </MessageBarBody>
      </MessageBar>
    }
  >
    <Routed />
  </HostProvider>
);
