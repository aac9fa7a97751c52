import {
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Option,
  mergeClasses,
} from '@fluentui/react-components';
import { memo } from 'react';
import { useSession } from '../../app/session';
import { formatDate, STATUS_LABELS } from '../format';
import { SlaBadge } from '../sla-badge';
import { compactFacts } from './case-columns';
import { entryProps, selectAllState, type CaseEntryProps, type CaseListViewProps } from './case-entry';
import { useCaseListStyles } from './case-list.styles';
import { NewMark } from './new-mark';
import { SORT_WORDS, sortKeysOf, type CaseListSort } from './case-sort';
import type { ListSort } from './list-view';

const PAGE_ORDER = 'page';
const valueOf = (sort: ListSort | null): string => (sort ? `${sort.key}:${sort.dir}` : PAGE_ORDER);

/**
 * The phone layout's "Sort by": the page's own order, then each column the list shows in either direction,
 * in words ("Due, soonest first").
 */
const SortBy = ({ sort, columns }: { sort: CaseListSort; columns: CaseListViewProps['columns'] }) => {
  const styles = useCaseListStyles();
  const choices = [
    { value: PAGE_ORDER, label: sort.fallback.label, sort: null },
    ...sortKeysOf(columns).flatMap((key) =>
      (['asc', 'desc'] as const).map((dir) => ({
        value: valueOf({ key, dir }),
        label: SORT_WORDS[key][dir],
        sort: { key, dir },
      })),
    ),
  ];
  const selected = valueOf(sort.current);
  return (
    <Field label="Sort by" className={styles.sortBy}>
      <Dropdown
        value={choices.find((c) => c.value === selected)?.label ?? sort.fallback.label}
        selectedOptions={[selected]}
        onOptionSelect={(_e, data) => {
          const choice = choices.find((c) => c.value === data.optionValue);
          if (choice) sort.onSort(choice.sort);
        }}
      >
        {choices.map((c) => (
          <Option key={c.value} value={c.value}>
            {c.label}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
};

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
  const { cases, label, selection, sort, columns } = view;
  const styles = useCaseListStyles();
  return (
    <div>
      {sort && <SortBy sort={sort} columns={columns} />}
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
