import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { AlertUrgentRegular, ClockRegular, CheckmarkRegular, PauseRegular } from '@fluentui/react-icons';
import type { CaseView } from '../api/types';
import { slaWords } from './format';

// A badge has a fixed height, and the case table has fixed-width columns: long words would either spill out
// of the badge or, kept on one line, run over the next column. The badge grows with its words instead.
const useStyles = makeStyles({
  badge: { height: 'auto', minHeight: tokens.lineHeightBase300, paddingBlock: tokens.spacingVerticalXXS },
});

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
