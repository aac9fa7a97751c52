import { Dropdown, Field, Option, SearchBox, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { CaseStatus } from '../api/types';
import { useSession } from '../app/session';

/** A row of filters that wraps on narrow screens, each field's control lined up at the bottom. */
export const useFilterRowStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'end',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
});

const useStyles = makeStyles({ search: { minWidth: '16rem' } });

/**
 * The status filter's choices. "Open" is the service's own definition (`open=true`: awaiting an answer, or
 * answered with the answer new to the member), the same the bot's `my cases` counts, never a list of
 * statuses kept here.
 */
export const STATUS_FILTERS = {
  open: { label: 'Open', statuses: [], open: true },
  responded: { label: 'Responded', statuses: ['responded'] },
  'on-hold': { label: 'On hold', statuses: ['on-hold'] },
  closed: { label: 'Closed', statuses: ['closed'] },
  all: { label: 'All', statuses: [] },
} as const satisfies Record<string, { label: string; statuses: readonly CaseStatus[]; open?: true }>;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export const isStatusFilter = (v: string | null): v is StatusFilter => v !== null && v in STATUS_FILTERS;

export interface CaseFilterValues {
  status: StatusFilter;
  overdue: boolean;
  text: string;
  ward: string;
}

/**
 * Status, overdue-only, division and text search. Text is applied after a short pause in typing, so each
 * keystroke does not send a request.
 */
export const CaseFilters = ({
  values,
  onChange,
  showWard,
  onSubmitText,
}: {
  values: CaseFilterValues;
  onChange: (next: CaseFilterValues) => void;
  showWard: boolean;
  /** Enter pressed in the search box, with what is typed there. */
  onSubmitText?: ((text: string) => void) | undefined;
}) => {
  const styles = useStyles();
  const row = useFilterRowStyles();
  const { directory } = useSession();
  const [text, setText] = useState(values.text);

  useEffect(() => setText(values.text), [values.text]);
  useEffect(() => {
    if (text === values.text) return;
    const timer = setTimeout(() => onChange({ ...values, text }), 300);
    return () => clearTimeout(timer);
  }, [text, values, onChange]);

  return (
    <div className={row.root} role="search" aria-label="Filter cases">
      <Field label="Search">
        <SearchBox
          className={styles.search}
          value={text}
          // Short enough to show whole in a phone's width; the label says what the box is for.
          placeholder="Reference or words"
          onChange={(_e, data) => setText(data.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onSubmitText?.(text);
          }}
        />
      </Field>
      <Field label="Status">
        <Dropdown
          value={STATUS_FILTERS[values.status].label}
          selectedOptions={[values.status]}
          onOptionSelect={(_e, data) => {
            if (isStatusFilter(data.optionValue ?? null))
              onChange({ ...values, status: data.optionValue as StatusFilter });
          }}
        >
          {(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((key) => (
            <Option key={key} value={key}>
              {STATUS_FILTERS[key].label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {showWard && (
        <Field label="Electoral division">
          <Dropdown
            value={
              values.ward
                ? (directory.wards.find((w) => w.id === values.ward)?.name ?? values.ward)
                : 'All divisions'
            }
            selectedOptions={[values.ward || 'all']}
            onOptionSelect={(_e, data) =>
              onChange({ ...values, ward: data.optionValue === 'all' ? '' : (data.optionValue ?? '') })
            }
          >
            <Option value="all">All divisions</Option>
            {directory.wards.map((w) => (
              <Option key={w.id} value={w.id}>
                {w.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <Switch
        label="Overdue only"
        checked={values.overdue}
        onChange={(_e, data) => onChange({ ...values, overdue: data.checked })}
      />
    </div>
  );
};
