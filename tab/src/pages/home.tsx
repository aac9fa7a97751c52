import { Navigate } from 'react-router';
import { useSession } from '../app/session';

/** The tab's front door: each person starts where their work is. */
export const homeFor = (
  is: (role: 'Councillor' | 'SupportOfficer' | 'DepartmentOfficer' | 'Administrator') => boolean,
) =>
  is('SupportOfficer')
    ? '/triage'
    : is('Councillor')
      ? '/cases'
      : is('DepartmentOfficer')
        ? '/department'
        : is('Administrator')
          ? '/admin'
          : '/performance';

export const Home = () => {
  const { is } = useSession();
  return <Navigate to={homeFor(is)} replace />;
};
