import { Button, Caption1, Checkbox, mergeClasses } from '@fluentui/react-components';
import { memo } from 'react';
import { useSession } from '../../app/session';
import { formatDate, STATUS_LABELS } from '../format';
import { SlaBadge } from '../sla-badge';
import { compactFacts } from './case-columns';
import { entryProps, selectAllState, type CaseEntryProps, type CaseListViewProps } from './case-entry';
import { useCaseListStyles } from './case-list.styles';
import { NewMark } from './new-mark';

const CaseItem = memo(function CaseItem({
  c,
  columns,
  selected,
  toggle,
  rowAction,
  styles,
  caseHref,
  open,
}: CaseEntryProps) {
  const session = useSession();
  const facts = compactFacts(c, columns, session);
  const showStatus = columns.includes('status');
  const showDue = columns.includes('due');
  const showSla = columns.includes('sla');
  return (
    <li className={mergeClasses(styles.item, c.sla.state === 'overdue' && styles.overdue)}>
      {toggle && (
        <Checkbox
          className={styles.itemSelect}
          checked={selected ?? false}
          onChange={() => toggle(c.ref)}
          aria-label={`Select ${c.ref}`}
        />
      )}
      <div className={styles.itemBody}>
        <a
          className={mergeClasses(styles.link, styles.itemLink)}
          href={`${caseHref}/${c.ref}`}
          onClick={(event) => open(event, c.ref)}
        >
          <span className={styles.ref}>{c.ref}</span> <span className={styles.itemTitle}>{c.title}</span>
        </a>
        {c.news && <NewMark className={styles.news} />}
        {(showStatus || showDue || showSla) && (
          <div className={styles.itemLine}>
            {showStatus && <span>{STATUS_LABELS[c.status]}</span>}
            {showDue && <span>Due {formatDate(c.respondBy)}</span>}
            {showSla && <SlaBadge c={c} />}
          </div>
        )}
        {facts.length > 0 && <Caption1 className={styles.itemFacts}>{facts.join(' · ')}</Caption1>}
      </div>
      {rowAction?.available(c) && (
        <Button
          className={styles.itemAction}
          size="small"
          onClick={() => rowAction.run(c)}
          aria-label={`${rowAction.label} ${c.ref}`}
        >
          {rowAction.label}
        </Button>
      )}
    </li>
  );
});

/**
 * Cases as a list of compact items, for phones and tablets: the reference and title (one link), then the
 * status, due date and working days left, then the page's other facts in a line of small print. Overdue items
 * carry the same red edge as overdue rows; selection and the row action work as in the table.
 */
export const CaseItems = (view: CaseListViewProps) => {
  const { cases, label, selection } = view;
  const styles = useCaseListStyles();
  return (
    <div>
      {selection && (
        <Checkbox
          className={styles.selectAll}
          checked={selectAllState(cases, selection)}
          onChange={selection.toggleAll}
          label="Select all cases shown"
        />
      )}
      <ul className={styles.items} aria-label={label}>
        {cases.map((c) => (
          <CaseItem key={c.ref} {...entryProps(c, view, styles)} />
        ))}
      </ul>
    </div>
  );
};
