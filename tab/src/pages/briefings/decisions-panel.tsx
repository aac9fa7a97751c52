import {
  Badge,
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
import { useApiData } from '../../api/api-context';
import type { Decision } from '../../api/briefing-types';
import { useSession } from '../../app/session';
import { formatDate } from '../../components/format';
import { ProblemBar } from '../../components/problem-bar';
import { EditDialog } from '../admin/edit-dialog';
import { useEditing } from '../admin/use-editing';
import { DecisionDialog } from './decision-dialog';
import { useBriefingStyles } from './briefings.styles';
import { ScrollRegion } from '../../components/scroll-region';

/** The decisions register: every decision and forward-plan item, with wards to confirm where imports suggested them. */
export const DecisionsPanel = ({ generation }: { generation: number }) => {
  const styles = useBriefingStyles();
  const { wardName, is } = useSession();
  const list = useApiData((a) => a.decisions(), [generation]);
  const editing = useEditing<Decision>();
  const canEdit = is('SupportOfficer') || is('Administrator');
  const wardsOf = (d: Decision) =>
    d.wards === 'all' ? 'All wards' : d.wards.length ? d.wards.map(wardName).join(', ') : '—';

  if (list.error) return <ProblemBar error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Spinner label="Loading the decisions register…" />;
  const decisions = list.data.decisions;
  return (
    <div className={styles.panel}>
      {canEdit && (
        <div>
          <Button appearance="primary" onClick={(e) => editing.start(null, e.currentTarget)}>
            Add decision
          </Button>
        </div>
      )}
      {editing.saved && (
        <Body1 as="p" role="status">
          {editing.saved}
        </Body1>
      )}
      {decisions.length === 0 ? (
        <Body1 as="p">No decisions yet. Add one, or import them from CSV or modern.gov.</Body1>
      ) : (
        <ScrollRegion label="Decisions register" className={styles.scroll}>
          <Table aria-label="Decisions register" size="small" className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Decision</TableHeaderCell>
                <TableHeaderCell>Taken by</TableHeaderCell>
                <TableHeaderCell>Date</TableHeaderCell>
                <TableHeaderCell>Wards</TableHeaderCell>
                {canEdit && <TableHeaderCell>Actions</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {decisions.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    {d.title}{' '}
                    {d.keyDecision && (
                      <Badge appearance="outline" color="informative">
                        Key
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{d.maker.name}</TableCell>
                  <TableCell>
                    {d.status === 'forthcoming' ? 'Due ' : ''}
                    {formatDate(d.date)}
                  </TableCell>
                  <TableCell>
                    {d.wardsConfirmed ? (
                      wardsOf(d)
                    ) : (
                      <>
                        <Badge appearance="tint" color="warning">
                          To confirm
                        </Badge>{' '}
                        {d.suggestedWards.length
                          ? `Suggested: ${d.suggestedWards.map(wardName).join(', ')}`
                          : 'No suggestion'}
                      </>
                    )}
                  </TableCell>
                  {canEdit && (
                    <TableCell>
                      <Button
                        size="small"
                        aria-label={`${d.wardsConfirmed ? 'Edit' : 'Confirm wards'}: ${d.title}`}
                        onClick={(e) => editing.start(d, e.currentTarget)}
                      >
                        {d.wardsConfirmed ? 'Edit' : 'Confirm wards'}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      )}
      <EditDialog open={editing.isOpen} onDismiss={editing.close} onClosed={editing.returnFocus}>
        <DecisionDialog
          key={editing.session}
          decision={editing.record}
          onCancel={editing.close}
          onSaved={(saved) => {
            editing.done(`Saved “${saved.title}”.`);
            list.reload();
          }}
        />
      </EditDialog>
    </div>
  );
};
