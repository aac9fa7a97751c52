import { Dropdown, Option } from '@fluentui/react-components';
import type { OfferedCategory } from '../api/types';

/**
 * A case category chosen from the managed list (issue 16): the list's active categories, in its order. The
 * value is the category's display name, which is what a case carries. A value no longer on the list (a
 * draft from before a category was retired) is shown but not offered, and the service refuses it.
 */
export const CategoryPicker = ({
  id,
  categories,
  value,
  onChange,
  placeholder = 'Choose a category',
}: {
  id?: string | undefined;
  categories: readonly OfferedCategory[];
  value: string;
  onChange: (name: string) => void;
  placeholder?: string;
}) => (
  <Dropdown
    id={id}
    placeholder={placeholder}
    value={value}
    selectedOptions={value ? [value] : []}
    onOptionSelect={(_e, data) => onChange(data.optionValue ?? '')}
  >
    {categories.map((c) => (
      <Option key={c.id} value={c.name}>
        {c.name}
      </Option>
    ))}
  </Dropdown>
);
