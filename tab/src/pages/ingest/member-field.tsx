import { Dropdown, Field, Option } from '@fluentui/react-components';
import { useSession } from '../../app/session';

/** Stands for "member not yet known" in the member list (the API's `null`). */
export const UNKNOWN_MEMBER = '';

/**
 * A member of the council, chosen by name from the directory's councillors; with `allowUnknown`, also
 * "Member not yet known" (the value `UNKNOWN_MEMBER`).
 */
export const MemberField = ({
  label,
  value,
  onChange,
  allowUnknown = false,
  required = false,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (memberId: string) => void;
  allowUnknown?: boolean;
  required?: boolean;
  error?: string | undefined;
  hint?: string;
}) => {
  const session = useSession();
  const members = session.directory.people.filter((p) => p.roles.includes('Councillor'));
  const name =
    value === UNKNOWN_MEMBER
      ? allowUnknown
        ? 'Member not yet known'
        : ''
      : (members.find((m) => m.id === value)?.displayName ?? value);
  return (
    <Field label={label} required={required} validationMessage={error} hint={hint}>
      <Dropdown
        placeholder="Choose a member"
        value={name}
        selectedOptions={value === UNKNOWN_MEMBER && !allowUnknown ? [] : [value]}
        onOptionSelect={(_e, d) => onChange(d.optionValue ?? UNKNOWN_MEMBER)}
      >
        {allowUnknown && <Option value={UNKNOWN_MEMBER}>Member not yet known</Option>}
        {members.map((m) => (
          <Option key={m.id} value={m.id}>
            {m.displayName}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
};
