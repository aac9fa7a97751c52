import { Badge, Body1, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CaseEvent, InternalNote } from '../api/types';
import { useSession, type Session } from '../app/session';
import { formatDate, formatInstant } from './format';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    marginBottom: tokens.spacingVerticalM,
  },
  note: { borderLeftColor: tokens.colorPaletteMarigoldBorderActive, borderLeftStyle: 'dashed' },
  noteBadge: { marginRight: tokens.spacingHorizontalS },
  words: {
    whiteSpace: 'pre-wrap',
    marginTop: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** One event in words: what happened, and any text that came with it (a response, a question, a reason). */
export const describeEvent = (
  e: CaseEvent,
  s: Pick<Session, 'personName' | 'departmentName'>,
): { what: string; words?: string } => {
  const d = e.data;
  switch (e.type) {
    case 'raised':
      return { what: 'Case raised' };
    case 'triaged':
      return { what: `Routed to ${s.departmentName(str(d.departmentId))}` };
    case 'assigned':
      return { what: `Assigned to ${s.personName(str(d.officerId))}` };
    case 'responded':
      return { what: 'The department responded', words: str(d.response) };
    case 'followed-up':
      return { what: 'The member asked a follow-up question', words: str(d.text) };
    case 'extension-requested':
      return {
        what: `More time asked for (stage 2, to ${str(d.proposedRespondBy) ? formatDate(String(d.proposedRespondBy)) : 'a later date'})`,
        words: str(d.reason),
      };
    case 'extension-agreed':
      return {
        what: `The member agreed to stage 2; now due ${str(d.respondBy) ? formatDate(String(d.respondBy)) : ''}`,
      };
    case 'extension-declined':
      return { what: 'The member declined more time' };
    case 'held':
      return { what: 'Put on hold', words: str(d.reason) };
    case 'resumed':
      return { what: 'Taken off hold' };
    case 'closed':
      return { what: 'Closed', words: str(d.reason) };
    case 'reopened':
      return { what: 'Reopened', words: str(d.reason) };
    case 'escalated':
      return {
        what: `Escalated to level ${typeof d.toLevel === 'number' ? d.toLevel : '?'}${d.automatic === true ? ' (automatically, target missed)' : ''}`,
        words: str(d.reason),
      };
    case 'sla-warning':
      return { what: 'Due soon: the response date is near' };
    case 'sla-breached':
      return { what: 'The response date was missed' };
    case 'shared':
      return { what: `Shared with ${s.personName(str(d.memberId))}` };
    case 'message-filed':
      return { what: `A Teams message from ${str(d.senderName) ?? 'someone'} was filed`, words: str(d.text) };
    case 'details-corrected': {
      const fields = Array.isArray(d.fields)
        ? d.fields.filter((f): f is string => typeof f === 'string')
        : [];
      const named = fields.map((f) => f.replace(/^constituent\./, 'constituent’s ')).join(', ');
      return { what: named ? `Details corrected: ${named}` : 'Details corrected' };
    }
    case 'returned-to-triage':
      return {
        what: `Sent back to triage by ${s.departmentName(str(d.departmentId))}`,
        words: str(d.reason),
      };
    case 'document-added':
      return { what: `Document added: ${str(d.name) ?? 'a document'}` };
    case 'document-removed':
      return {
        what: `Document removed: ${str(d.name) ?? 'a document'} (kept in the case’s retained deleted items)`,
      };
    default:
      return { what: e.type.replace(/-/g, ' ') };
  }
};

/**
 * The case's history, oldest first, as an ordered list. Officers who may read internal notes get them in the
 * same list, by time, each marked "Internal note" (seen and heard as such); nobody else is given any.
 */
export const Timeline = ({
  events,
  notes = [],
}: {
  events: readonly CaseEvent[];
  notes?: readonly InternalNote[];
}) => {
  const styles = useStyles();
  const session = useSession();
  if (events.length === 0 && notes.length === 0) return <Body1>Nothing has happened on this case yet.</Body1>;
  const entries = [
    ...events.map((e) => ({ at: e.at, key: `e${e.seq}`, event: e })),
    ...notes.map((n) => ({ at: n.at, key: `n${n.id}`, note: n })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <ol className={styles.list} aria-label="Case history">
      {entries.map((entry) => {
        if ('note' in entry) {
          const n = entry.note;
          return (
            <li key={entry.key} className={`${styles.item} ${styles.note}`}>
              <Badge appearance="outline" color="warning" className={styles.noteBadge}>
                Internal note
              </Badge>
              <Text weight="semibold">Officers only</Text>
              <br />
              <Caption1>
                {formatInstant(n.at)} · {session.personName(n.authorId)}
              </Caption1>
              <div className={styles.words}>{n.text}</div>
            </li>
          );
        }
        const e = entry.event;
        const { what, words } = describeEvent(e, session);
        return (
          <li key={entry.key} className={styles.item}>
            <Text weight="semibold">{what}</Text>
            <br />
            <Caption1>
              {formatInstant(e.at)} · {e.actorId ? session.personName(e.actorId) : 'Members’ Hub'}
            </Caption1>
            {words && <div className={styles.words}>{words}</div>}
          </li>
        );
      })}
    </ol>
  );
};
