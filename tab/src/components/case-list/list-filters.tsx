import { Button, Combobox, Dropdown, Field, Input, Option, makeStyles } from '@fluentui/react-components';
import { useEffect, useId, useMemo, useState } from 'react';
import type { CaseView } from '../../api/types';
import { useSession, type Session } from '../../app/session';
import { usePhoneWidth } from '../../app/use-width';
import { useFilterRowStyles } from '../case-filters';
import { datesReversed, type ListFilters } from './list-view';

const useStyles = makeStyles({
  // Wide enough for a department's or a member's name, never wider than a phone's screen.
  choice: { minWidth: '10rem', maxWidth: '100%' },
  date: { width: '10rem', maxWidth: '100%' },
});

const ALL = '';

/**
 * Which of the filters can narrow what this person sees: a department, unless all they see is their own
 * department's; a member, for officers (a councillor lists their own cases and the few shared with them).
 */
export const filtersFor = (session: Session): { department: boolean; member: boolean } => {
  const officer = session.is('SupportOfficer') || session.is('DepartmentOfficer');
  return {
    department: session.is('SupportOfficer') || !session.is('DepartmentOfficer'),
    member: officer,
  };
};

/**
 * The category filter's choices: the managed list's active categories, in its order, then any other the list
 * has shown while the page is open (a retired category on older cases); a category typed in full works too.
 */
export const useSeenCategories = (items: readonly CaseView[] | undefined, current: string): string[] => {
  const { directory } = useSession();
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!items?.length) return;
    setSeen((previous) => {
      const fresh = items.map((c) => c.category).filter((name) => !previous.has(name));
      return fresh.length ? new Set([...previous, ...fresh]) : previous;
    });
  }, [items]);
  return useMemo(() => {
    const offered = directory.categories.map((c) => c.name);
    const known = new Set(offered.map((name) => name.toLowerCase()));
    const others = [...seen, ...(current ? [current] : [])]
      .filter((name) => !known.has(name.toLowerCase()))
      .sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
    return [...offered, ...new Set(others)];
  }, [directory.categories, seen, current]);
};

/**
 * The filters every case list offers: department, category, member and the days raised. Department and
 * member appear only where they can narrow what the person sees (a department officer sees one department;
 * a councillor, their own cases and those shared with them). "Clear filters" empties these and, through
 * `onClear`, the page's own.
 */
export const ListFilterBar = ({
  filters,
  onChange,
  show,
  categories,
  onClear,
  label = 'Filter cases',
}: {
  filters: ListFilters;
  onChange: (next: ListFilters) => void;
  show: { department: boolean; member: boolean };
  categories: readonly string[];
  /** "Clear filters" chosen; absent, the button is not shown. */
  onClear?: (() => void) | undefined;
  /** The group's name for screen readers. */
  label?: string;
}) => {
  const styles = useStyles();
  const row = useFilterRowStyles();
  const session = useSession();
  const { directory } = session;
  const members = useMemo(
    () =>
      directory.people
        .filter((p) => p.roles.includes('Councillor'))
        .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB')),
    [directory.people],
  );
  const [category, setCategory] = useState(filters.category);
  useEffect(() => setCategory(filters.category), [filters.category]);
  const commitCategory = (value: string) => {
    const trimmed = value.trim();
    if (trimmed !== filters.category) onChange({ ...filters, category: trimmed });
  };
  const reversed = datesReversed(filters);
  // On a phone the five filters would fill the first screen before any case: they fold behind a button,
  // open from the start when one is in use so that nothing filters the list unseen.
  const phone = usePhoneWidth();
  const inUse = Object.values(filters).filter((value) => value !== '').length;
  const [unfolded, setUnfolded] = useState(inUse > 0);
  const groupId = useId();
  const toggle = phone && (
    <Button
      aria-expanded={unfolded}
      aria-controls={unfolded ? groupId : undefined}
      onClick={() => setUnfolded(!unfolded)}
    >
      {unfolded ? 'Hide filters' : `Show filters${inUse > 0 ? ` (${inUse} in use)` : ''}`}
    </Button>
  );
  if (phone && !unfolded) return <div className={row.root}>{toggle}</div>;

  return (
    <>
      {toggle && <div className={row.root}>{toggle}</div>}
      <div className={row.root} role="group" aria-label={label} id={groupId}>
        {show.department && (
          <Field label="Department">
            <Dropdown
              className={styles.choice}
              value={filters.department ? session.departmentName(filters.department) : 'All departments'}
              selectedOptions={[filters.department || ALL]}
              onOptionSelect={(_e, data) => onChange({ ...filters, department: data.optionValue ?? ALL })}
            >
              <Option value={ALL}>All departments</Option>
              {directory.departments.map((d) => (
                <Option key={d.id} value={d.id}>
                  {d.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Category">
          <Combobox
            className={styles.choice}
            freeform
            clearable
            placeholder="All categories"
            value={category}
            selectedOptions={filters.category ? [filters.category] : []}
            onChange={(event) => setCategory(event.target.value)}
            onOptionSelect={(_e, data) => {
              const chosen = data.optionText ?? '';
              setCategory(chosen);
              commitCategory(chosen);
            }}
            onBlur={() => commitCategory(category)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitCategory(category);
            }}
          >
            {categories.map((name) => (
              <Option key={name} value={name}>
                {name}
              </Option>
            ))}
          </Combobox>
        </Field>
        {show.member && (
          <Field label="Member">
            <Dropdown
              className={styles.choice}
              value={filters.member ? session.personName(filters.member) : 'All members'}
              selectedOptions={[filters.member || ALL]}
              onOptionSelect={(_e, data) => onChange({ ...filters, member: data.optionValue ?? ALL })}
            >
              <Option value={ALL}>All members</Option>
              {members.map((p) => (
                <Option key={p.id} value={p.id}>
                  {p.displayName}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Raised from">
          <Input
            className={styles.date}
            type="date"
            value={filters.raisedFrom}
            onChange={(_e, data) => onChange({ ...filters, raisedFrom: data.value })}
          />
        </Field>
        <Field
          label="Raised to"
          validationMessage={reversed ? 'Choose a day on or after the “Raised from” day.' : undefined}
        >
          <Input
            className={styles.date}
            type="date"
            value={filters.raisedTo}
            min={filters.raisedFrom || undefined}
            onChange={(_e, data) => onChange({ ...filters, raisedTo: data.value })}
          />
        </Field>
        {onClear && <Button onClick={onClear}>Clear filters</Button>}
      </div>
    </>
  );
};
