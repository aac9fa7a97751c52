import {
  Body1,
  Button,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import { useSession } from '../../app/session';
import { formatInstant } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { useBriefingStyles } from './briefings.styles';
import { briefingName, DELIVERY_WORDS, monthName } from './briefing-words';
import { ScrollRegion } from '../../components/scroll-region';

/**
 * The delivery report: every post of every approved briefing, newest first, with its state and why it failed.
 * A post in doubt (the service stopped while it was on its way, or Teams did not answer) is never sent again on
 * its own: check the channel, then send it again or record that it arrived.
 */
export const DeliveryPanel = () => {
  const styles = useBriefingStyles();
  const api = useApi();
  const { wardName } = useSession();
  const list = useApiData((a) => a.briefings(), []);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);

  if (list.error) return <ProblemBar error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner label="Loading the delivery report…" />;
  const rows = list.data.briefings
    .flatMap((b) => b.deliveries.map((d) => ({ b, d })))
    .sort((x, y) => y.d.id - x.d.id);
  const resolve = async (id: number, action: 'send-again' | 'mark-sent') => {
    setBusy(id);
    setProblem(null);
    try {
      await api.resolveDelivery(id, action);
      list.reload();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className={styles.panel}>
      <div>
        <Button onClick={list.reload}>Refresh</Button>
      </div>
      {problem !== null && <ProblemBar error={problem} />}
      {rows.length === 0 ? (
        <Body1 as="p">Nothing has been posted yet: approve a briefing whose division has a channel.</Body1>
      ) : (
        <ScrollRegion label="Delivery report" className={styles.scroll}>
          <Table aria-label="Delivery report" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Briefing</TableHeaderCell>
                <TableHeaderCell>Channel</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Why / when</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map(({ b, d }) => (
                <TableRow key={d.id}>
                  <TableCell>
                    {briefingName(b, wardName)}, {monthName(b.period)}
                  </TableCell>
                  <TableCell>{d.channelName ?? d.channelId}</TableCell>
                  <TableCell>
                    {DELIVERY_WORDS[d.status]}
                    {d.parts > 1 ? ` (${d.partsSent}/${d.parts})` : ''}
                  </TableCell>
                  <TableCell>
                    {d.lastError ??
                      (d.finishedAt
                        ? formatInstant(d.finishedAt)
                        : d.status === 'pending' && d.attempts > 0
                          ? `retrying at ${formatInstant(d.nextAttemptAt)}`
                          : '')}
                  </TableCell>
                  <TableCell>
                    {['in-doubt', 'failed', 'undeliverable'].includes(d.status) && (
                      <span className={styles.actions}>
                        <Button
                          size="small"
                          disabled={busy !== null}
                          onClick={() => void resolve(d.id, 'send-again')}
                        >
                          Send again
                        </Button>
                        {d.status === 'in-doubt' && (
                          <Button
                            size="small"
                            disabled={busy !== null}
                            onClick={() => void resolve(d.id, 'mark-sent')}
                          >
                            It arrived
                          </Button>
                        )}
                      </span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      )}
    </div>
  );
};
