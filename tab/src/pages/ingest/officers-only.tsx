import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/page-header';

/**
 * Scan-ingest is support officers' work: anyone else is told so (the service refuses them too, 403; hiding
 * the page is for clarity, never protection).
 */
export const OfficersOnly = ({ title, children }: { title: string; children: ReactNode }) => {
  const session = useSession();
  if (session.is('SupportOfficer')) return <>{children}</>;
  return (
    <>
      <PageHeader title={title} />
      <MessageBar intent="info">
        <MessageBarBody>
          Scan-ingest of legacy papers is for Democratic Services’ support officers.
        </MessageBarBody>
      </MessageBar>
    </>
  );
};
