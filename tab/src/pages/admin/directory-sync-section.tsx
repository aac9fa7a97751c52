import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  useId,
} from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import type { DirectorySyncView } from '../../api/types';
import { formatInstant } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { useDirectoryPanelStyles } from './directory-panel.styles';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The last run in words: when, and what it found or why it failed. */
const describe = (last: NonNullable<DirectorySyncView['last']>, departmentName: (id: string) => string) => {
  const when = formatInstant(last.finishedAt);
  if (last.outcome === 'failed')
    return {
      intent: 'error' as const,
      title: `The last sync failed (${when})`,
      text: `${last.error ?? 'No reason was given.'} Nothing was changed; it runs again by itself.`,
    };
  const s = last.summary ?? {};
  const missing = last.missingDepartmentGroups.map(departmentName);
  return {
    intent: missing.length > 0 ? ('warning' as const) : ('success' as const),
    title: `Last synchronised ${when}`,
    text: [
      `${plural(s.people ?? 0, 'person holds', 'people hold')} a Members’ Hub role.`,
      `${plural(s.registered ?? 0, 'person', 'people')} added, ${plural(s.changed ?? 0, 'person’s', 'people’s')} roles changed, ${plural(s.removed ?? 0, 'person', 'people')} lost their roles.`,
      missing.length > 0
        ? `The Entra group of ${missing.join(', ')} was not found: check its object id under Departments.`
        : '',
    ]
      .filter((line) => line !== '')
      .join(' '),
  };
};

/**
 * The directory sync with Entra ID (Microsoft 365 mode): when it last ran and what it found, and a way to run
 * it now, after a department's group was mapped or a role assigned.
 */
export const DirectorySyncSection = ({
  departmentName,
  onSynchronised,
}: {
  departmentName: (id: string) => string;
  onSynchronised: () => void;
}) => {
  const styles = useDirectoryPanelStyles();
  const api = useApi();
  const headingId = useId('sync-heading');
  const state = useApiData((client) => client.directorySync(), []);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  const runNow = async () => {
    setRunning(true);
    setFailure(undefined);
    try {
      await api.runDirectorySync();
      state.reload();
      onSynchronised();
    } catch (error) {
      setFailure(error);
    } finally {
      setRunning(false);
    }
  };

  if (state.error) return <ProblemBar error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Spinner size="small" label="Loading the directory sync…" />;
  const { enabled, last } = state.data;
  const summary = last ? describe(last, departmentName) : null;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.bar}>
        <Subtitle2 as="h3" id={headingId}>
          Sync with Microsoft Entra ID
        </Subtitle2>
        {enabled && (
          <Button icon={<ArrowSyncRegular />} disabled={running} onClick={() => void runNow()}>
            {running ? 'Synchronising…' : 'Sync now'}
          </Button>
        )}
      </div>
      {!enabled ? (
        <Body1 as="p">
          The sync is turned off (DIRECTORY_SYNC_INTERVAL_SECONDS=0): people are known from their first
          sign-in to the tab only.
        </Body1>
      ) : summary ? (
        <MessageBar intent={summary.intent} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{summary.title}</MessageBarTitle> {summary.text}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Body1 as="p">The sync has not run yet. It runs every few minutes by itself.</Body1>
      )}
      {running && <Caption1>Reading who holds Members’ Hub’s roles in Entra ID…</Caption1>}
      {failure !== undefined && <ProblemBar error={failure} />}
    </section>
  );
};
