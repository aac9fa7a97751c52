import {
  Body1,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import type { Briefing } from '../../api/briefing-types';
import { useSession } from '../../app/session';
import { ProblemBar } from '../../components/problem-bar';
import { BriefingPreview } from './briefing-preview';
import { useBriefingStyles } from './briefings.styles';
import { briefingName, briefingState, lastMonth, monthName } from './briefing-words';

/**
 * Drafts and history: every briefing, month by month. Choose one to preview it, edit its introduction and
 * approve it. "Compose now" drafts a month's briefings at once (the schedule does it on the first working day).
 */
export const DraftsPanel = () => {
  const styles = useBriefingStyles();
  const api = useApi();
  const { wardName } = useSession();
  const all = useApiData((a) => a.briefings(), []);
  const [period, setPeriod] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [composeFor, setComposeFor] = useState(lastMonth());
  const [composing, setComposing] = useState(false);
  const [composeProblem, setComposeProblem] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [updated, setUpdated] = useState<Record<string, Briefing>>({});

  const briefings = useMemo(
    () => (all.data?.briefings ?? []).map((b) => updated[b.id] ?? b),
    [all.data, updated],
  );
  const periods = [...new Set(briefings.map((b) => b.period))].sort().reverse();
  const shown = period ?? periods[0] ?? null;
  const inPeriod = briefings.filter((b) => b.period === shown);
  const current = inPeriod.find((b) => b.id === selected) ?? null;

  const compose = async () => {
    setComposing(true);
    setComposeProblem(null);
    setMessage(null);
    try {
      const result = await api.compose(composeFor);
      setMessage(
        result.composed > 0
          ? `${result.composed} briefing${result.composed === 1 ? '' : 's'} drafted for ${monthName(composeFor)}.`
          : `${monthName(composeFor)}’s briefings were already drafted.`,
      );
      setPeriod(composeFor);
      setUpdated({});
      all.reload();
    } catch (error) {
      setComposeProblem(error);
    } finally {
      setComposing(false);
    }
  };

  if (all.error) return <ProblemBar error={all.error} onRetry={all.reload} />;
  return (
    <div className={styles.panel}>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          void compose();
        }}
      >
        <Field label="Month to draft" hint="Briefings cover a month: usually the one just ended.">
          <Input type="month" value={composeFor} onChange={(_e, d) => setComposeFor(d.value)} required />
        </Field>
        <Button type="submit" disabled={composing || !/^\d{4}-\d{2}$/.test(composeFor)}>
          {composing ? 'Drafting…' : 'Compose now'}
        </Button>
      </form>
      {composing && <Spinner size="tiny" label="Drafting the month’s briefings…" />}
      {composeProblem !== null && <ProblemBar error={composeProblem} />}
      {message && (
        <MessageBar intent="success">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {all.loading && !all.data ? (
        <Spinner label="Loading briefings…" />
      ) : periods.length === 0 ? (
        <Body1 as="p">
          No briefings yet. They are drafted on the first working day of each month, or use Compose now.
        </Body1>
      ) : (
        <>
          <Field label="Month">
            <Select value={shown ?? ''} onChange={(_e, d) => (setPeriod(d.value), setSelected(null))}>
              {periods.map((p) => (
                <option key={p} value={p}>
                  {monthName(p)}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.layout}>
            <div className={styles.scroll}>
              <Table aria-label={`Briefings for ${monthName(shown ?? '')}`} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Briefing</TableHeaderCell>
                    <TableHeaderCell>State</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {inPeriod.map((b) => (
                    <TableRow key={b.id} className={b.id === selected ? styles.selected : undefined}>
                      <TableCell>
                        {/* Subtle, not transparent: a transparent button's brand-blue hover text on the row's
                            hover background is 3.7:1 in the dark theme. */}
                        <Button
                          appearance="subtle"
                          aria-pressed={b.id === selected}
                          onClick={() => setSelected(b.id)}
                        >
                          {briefingName(b, wardName)}
                        </Button>
                      </TableCell>
                      <TableCell>{briefingState(b)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            {current ? (
              <BriefingPreview
                key={`${current.id}:${current.version}`}
                briefing={current}
                onChanged={(b) => setUpdated((u) => ({ ...u, [b.id]: { ...current, ...b } }))}
              />
            ) : (
              <Body1 as="p">Choose a briefing to preview it.</Body1>
            )}
          </div>
        </>
      )}
    </div>
  );
};
