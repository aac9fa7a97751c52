import { Badge, makeStyles } from '@fluentui/react-components';
import { AlertUrgentRegular, ClockRegular, CheckmarkRegular, PauseRegular } from '@fluentui/react-icons';
import type { CaseView } from '../api/types';
import { slaWords } from './format';

// A badge has a fixed height: its words must stay on one line or they spill out of it.
const useStyles = makeStyles({ badge: { whiteSpace: 'nowrap' } });

/** The SLA position as words with an icon; the colour only repeats what the words say. */
export const SlaBadge = ({ c }: { c: Pick<CaseView, 'sla' | 'status'> }) => {
  const styles = useStyles();
  const { state } = c.sla;
  const words = slaWords(c);
  if (state === 'overdue')
    return (
      <Badge className={styles.badge} appearance="filled" color="danger" icon={<AlertUrgentRegular />}>
        {words}
      </Badge>
    );
  if (state === 'due-soon')
    return (
      <Badge className={styles.badge} appearance="outline" color="warning" icon={<ClockRegular />}>
        {words}
      </Badge>
    );
  if (state === 'stopped')
    return (
      <Badge
        appearance="outline"
        color="informative"
        icon={c.status === 'on-hold' ? <PauseRegular /> : <CheckmarkRegular />}
      >
        {words}
      </Badge>
    );
  return (
    <Badge className={styles.badge} appearance="outline" color="informative" icon={<ClockRegular />}>
      {words}
    </Badge>
  );
};
