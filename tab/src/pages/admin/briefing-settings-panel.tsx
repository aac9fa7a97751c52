import {
  Body1,
  Button,
  Field,
  Input,
  Select,
  Spinner,
  Subtitle1,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi, useApiData } from '../../api/api-context';
import { ApiError } from '../../api/client';
import type { BriefingSettings, ChannelSettings } from '../../api/briefing-types';
import { formatInstant } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { useBriefingStyles } from '../briefings/briefings.styles';
import { ScrollRegion } from '../../components/scroll-region';

const KIND_WORDS: Record<BriefingSettings['kind'], string> = {
  ward: 'Ward briefings',
  decision: 'Decision briefing',
};

const ScheduleForm = ({
  s,
  onSaved,
}: {
  s: BriefingSettings;
  onSaved: (all: BriefingSettings[]) => void;
}) => {
  const api = useApi();
  const styles = useBriefingStyles();
  const [cron, setCron] = useState(s.cron);
  const [workingDaysOnly, setWorkingDaysOnly] = useState(s.workingDaysOnly);
  const [autoApprove, setAutoApprove] = useState(s.autoApprove);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const issue = problem instanceof ApiError ? problem.issues.find((i) => i.path === 'cron') : undefined;
  return (
    <form
      className={styles.panel}
      aria-label={KIND_WORDS[s.kind]}
      onSubmit={(e) => {
        e.preventDefault();
        setSaving(true);
        setProblem(null);
        api
          .saveBriefingSettings(s.kind, { cron, workingDaysOnly, autoApprove })
          .then((r) => onSaved(r.settings), setProblem)
          .finally(() => setSaving(false));
      }}
    >
      <Subtitle1 as="h3">{KIND_WORDS[s.kind]}</Subtitle1>
      {problem !== null && !issue && <ProblemBar error={problem} />}
      <Field
        label="Schedule (cron, Europe/London time)"
        hint="Five fields: minute hour day-of-month month day-of-week. The default, 0 8 1 * *, is 08:00 on the 1st."
        validationMessage={issue?.message}
      >
        <Input value={cron} onChange={(_e, d) => setCron(d.value)} />
      </Field>
      <Switch
        label="Move a run that falls on a weekend or bank holiday to the next working day"
        checked={workingDaysOnly}
        onChange={(_e, d) => setWorkingDaysOnly(d.checked)}
      />
      <Switch
        label="Send without approval (post as soon as composed)"
        checked={autoApprove}
        onChange={(_e, d) => setAutoApprove(d.checked)}
      />
      <Body1 as="p">Next: {s.next.map((n) => formatInstant(n.at)).join(', ') || 'none'}</Body1>
      <div>
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save schedule'}
        </Button>
      </div>
    </form>
  );
};

const ChannelMapping = ({
  data,
  onChanged,
}: {
  data: ChannelSettings;
  onChanged: (d: ChannelSettings) => void;
}) => {
  const api = useApi();
  const styles = useBriefingStyles();
  const [problem, setProblem] = useState<unknown>(null);
  const usable = data.channels.filter((c) => c.active);
  return (
    <section className={styles.panel} aria-label="Channels">
      <Subtitle1 as="h3">Where each briefing is posted</Subtitle1>
      {usable.length === 0 && (
        <Body1 as="p">
          No channels yet. Install Members’ Hub in the team (Teams: Apps › Members’ Hub › Add to a team); the
          bot then records the team’s channels here.
        </Body1>
      )}
      {problem !== null && <ProblemBar error={problem} />}
      <ScrollRegion label="Briefing channels" className={styles.scroll}>
        <Table aria-label="Briefing channels" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Briefing</TableHeaderCell>
              <TableHeaderCell>Channel</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.targets.map((t) => (
              <TableRow key={t.target}>
                <TableCell>{t.label}</TableCell>
                <TableCell>
                  <Select
                    aria-label={`Channel for ${t.label}`}
                    value={t.channelId ?? ''}
                    onChange={(_e, d) => {
                      setProblem(null);
                      api.mapChannel(t.target, d.value || null).then(onChanged, setProblem);
                    }}
                  >
                    <option value="">Not posted</option>
                    {data.channels
                      .filter((c) => c.active || c.channelId === t.channelId)
                      .map((c) => (
                        <option key={c.channelId} value={c.channelId}>
                          {c.teamName ? `${c.teamName} › ` : ''}
                          {c.name}
                          {c.active ? '' : ` (unavailable: ${c.inactiveReason ?? 'removed'})`}
                        </option>
                      ))}
                  </Select>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollRegion>
    </section>
  );
};

/** Administrators: which channel each briefing goes to, when briefings are composed, and approval. */
export const BriefingSettingsPanel = () => {
  const channels = useApiData((a) => a.channelSettings(), []);
  const settings = useApiData((a) => a.briefingSettings(), []);
  const [mapped, setMapped] = useState<ChannelSettings | null>(null);
  const [saved, setSaved] = useState<BriefingSettings[] | null>(null);
  const failed = channels.error ?? settings.error;
  if (failed) return <ProblemBar error={failed} onRetry={() => (channels.reload(), settings.reload())} />;
  if (!channels.data || !settings.data) return <Spinner label="Loading briefing settings…" />;
  return (
    <>
      <ChannelMapping data={mapped ?? channels.data} onChanged={setMapped} />
      {(saved ?? settings.data.settings).map((s) => (
        <ScheduleForm key={`${s.kind}:${s.cron}:${String(s.autoApprove)}`} s={s} onSaved={setSaved} />
      ))}
    </>
  );
};
