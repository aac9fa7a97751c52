import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  useId,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import type { FolderShare } from '../../api/types';
import { formatInstant } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { ScrollRegion } from '../../components/scroll-region';
import { useDirectoryPanelStyles } from './directory-panel.styles';

const STATUS: Record<FolderShare['status'], string> = {
  pending: 'Waiting to be shared',
  shared: 'Shared',
  failed: 'Not shared: given up',
};

/** What the store's code for a failure means, and what to do about it. */
const PROBLEM: Record<string, string> = {
  forbidden:
    'The app may not share in the casework site. It needs the fullcontrol role on the site (see the setup guide), or sharing can be turned off.',
  'not-found':
    'SharePoint did not find the folder or the person. Check the person has an account with an e-mail address.',
  throttled: 'SharePoint asked the app to slow down. It tries again by itself.',
  unavailable: 'SharePoint could not be reached. It tries again by itself.',
};
const problemOf = (share: FolderShare): string =>
  share.lastError === null ? '' : (PROBLEM[share.lastError] ?? `SharePoint refused (${share.lastError}).`);

/**
 * Members' folder sharing (Microsoft 365 mode: the SharePoint library): each member's folder is shared with
 * the member, and with the support officers' group when one is set, after the first document is filed. This
 * shows how far that has got and why a share failed; a share that was given up can be tried again once the
 * cause is put right. Filing never waits for sharing.
 */
export const SharingPanel = () => {
  const styles = useDirectoryPanelStyles();
  const api = useApi();
  const headingId = useId('sharing-heading');
  const state = useApiData((client) => client.folderShares(), []);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retried, setRetried] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);

  const retry = async (share: FolderShare) => {
    setRetrying(share.id);
    setFailure(undefined);
    try {
      await api.retryShare(share.id);
      setRetried(
        `Trying again to share ${share.member?.name ?? 'the MP enquiries'} folder with ${share.grantee.name}.`,
      );
      state.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setRetrying(null);
    }
  };

  if (state.error) return <ProblemBar error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Spinner label="Loading folder sharing…" />;
  const { enabled, counts, items } = state.data;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.bar}>
        <Subtitle1 as="h2" id={headingId}>
          Folder sharing
        </Subtitle1>
        <Button icon={<ArrowClockwiseRegular />} onClick={state.reload}>
          Refresh
        </Button>
      </div>
      <Body1 as="p">
        {enabled
          ? `Each member’s folder of documents is shared with the member after their first document is filed. Documents are filed whatever happens here. ${counts.shared} shared, ${counts.pending} waiting, ${counts.failed} given up.`
          : 'Sharing members’ folders is turned off (SHARE_MEMBER_FOLDERS=false): documents are filed, and access in SharePoint is managed there.'}
      </Body1>
      {retried && (
        <MessageBar intent="success">
          <MessageBarBody>{retried}</MessageBarBody>
        </MessageBar>
      )}
      {failure !== undefined && <ProblemBar error={failure} />}
      {items.length === 0 ? (
        <Body1 as="p">Nothing has been shared yet.</Body1>
      ) : (
        <ScrollRegion label="Folder sharing" className={styles.tableWrap}>
          <Table aria-label="Folder sharing" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Folder of</TableHeaderCell>
                <TableHeaderCell>Shared with</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Last problem</TableHeaderCell>
                <TableHeaderCell className={styles.actions}>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((share) => (
                <TableRow key={share.id}>
                  <TableCell>{share.member?.name ?? 'MP enquiries'}</TableCell>
                  <TableCell>{share.grantee.name}</TableCell>
                  <TableCell>
                    {STATUS[share.status]}
                    <Caption1 block>
                      {share.status === 'shared' && share.sharedAt
                        ? formatInstant(share.sharedAt)
                        : share.status === 'pending' && share.attempts > 0
                          ? `Tried ${share.attempts} ${share.attempts === 1 ? 'time' : 'times'}; next at ${formatInstant(share.nextAttemptAt)}`
                          : ''}
                    </Caption1>
                  </TableCell>
                  <TableCell>
                    {problemOf(share)}
                    {share.lastRequestId && (
                      <Caption1 block>Reference for Microsoft support: {share.lastRequestId}</Caption1>
                    )}
                  </TableCell>
                  <TableCell>
                    {share.status !== 'shared' && (
                      <Button
                        size="small"
                        disabled={retrying !== null}
                        aria-label={`Try again now: ${share.member?.name ?? 'MP enquiries'} with ${share.grantee.name}`}
                        onClick={() => void retry(share)}
                      >
                        Try again now
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      )}
    </section>
  );
};
