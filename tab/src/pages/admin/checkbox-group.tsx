import { Caption1, Checkbox, Text, useId } from '@fluentui/react-components';
import { ErrorCircleRegular } from '@fluentui/react-icons';
import { useCheckboxGroupStyles } from './checkbox-group.styles';

/**
 * Several checkboxes answering one question, as a fieldset whose legend is the question. (A Fluent Field
 * labels a single control; around several checkboxes it would give each of them the field's label.)
 */
export const CheckboxGroup = <V extends string>({
  legend,
  hint,
  required = false,
  options,
  selected,
  onChange,
  error,
  columns = false,
}: {
  legend: string;
  hint?: string;
  required?: boolean;
  options: readonly { value: V; label: string }[];
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  error?: string | undefined;
  /** Lays a long list out in columns. */
  columns?: boolean;
}) => {
  const styles = useCheckboxGroupStyles();
  const hintId = useId('group-hint');
  const errorId = useId('group-error');
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <fieldset
      className={styles.root}
      aria-describedby={describedBy || undefined}
      data-invalid={error ? 'true' : undefined}
    >
      <legend className={styles.legend}>
        {legend}
        {required && (
          <span className={styles.required} aria-hidden="true">
            *
          </span>
        )}
      </legend>
      <div className={columns ? styles.columns : styles.list}>
        {options.map((o) => (
          <Checkbox
            key={o.value}
            label={o.label}
            checked={selected.includes(o.value)}
            onChange={(_e, data) => {
              const next =
                data.checked === true ? [...selected, o.value] : selected.filter((s) => s !== o.value);
              // In the order the options are listed, whatever order they were ticked in.
              onChange(options.filter((option) => next.includes(option.value)).map((option) => option.value));
            }}
          />
        ))}
      </div>
      {hint && <Caption1 id={hintId}>{hint}</Caption1>}
      {error && (
        <Text id={errorId} className={styles.error}>
          <ErrorCircleRegular aria-hidden="true" /> {error}
        </Text>
      )}
    </fieldset>
  );
};
