import { Spinner } from '@fluentui/react-components';
import { createContext, useContext, type ReactNode } from 'react';
import { useApiData } from '../api/api-context';
import type { DirectoryData, Me, Role } from '../api/types';
import { ProblemBar } from '../components/problem-bar';
import { useHost } from './host-provider';

export interface Session {
  me: Me;
  directory: DirectoryData;
  is: (role: Role) => boolean;
  personName: (id: string | null | undefined) => string;
  wardName: (id: string | null | undefined) => string;
  departmentName: (id: string | null | undefined) => string;
}

const SessionContext = createContext<Session | null>(null);

export const useSession = (): Session => {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionProvider');
  return session;
};

export const makeSession = (me: Me, directory: DirectoryData): Session => {
  const people = new Map(directory.people.map((p) => [p.id, p.displayName]));
  const wards = new Map(directory.wards.map((w) => [w.id, w.name]));
  const departments = new Map(directory.departments.map((d) => [d.id, d.name]));
  return {
    me,
    directory,
    is: (role) => me.roles.includes(role),
    personName: (id) => (id ? (people.get(id) ?? id) : 'Nobody yet'),
    wardName: (id) => (id ? (wards.get(id) ?? id) : '—'),
    departmentName: (id) => (id ? (departments.get(id) ?? id) : 'Not yet routed'),
  };
};

/** Who is signed in, and the council's wards, departments and people, loaded once for every page. */
export const SessionProvider = ({ children }: { children: ReactNode }) => {
  const host = useHost();
  const {
    data: session,
    error,
    loading,
    reload,
  } = useApiData(async (api) => {
    const [me, directory] = await Promise.all([api.me(), api.directory()]);
    return makeSession(me, directory);
  }, []);
  if (loading && !session) return <Spinner label="Signing you in…" />;
  if (error || !session)
    return (
      <main>
        <ProblemBar error={error} onRetry={reload} onSignIn={() => host.tokens.unauthenticated()} />
      </main>
    );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
};

/** For component tests: a fixed session. */
export const StaticSessionProvider = ({ session, children }: { session: Session; children: ReactNode }) => (
  <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
);
