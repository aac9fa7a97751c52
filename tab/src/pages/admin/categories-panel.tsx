import {
  Body1,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { AdminCategory } from '../../api/types';
import { DirectoryPanel } from './directory-panel';
import { useDirectoryPanelStyles } from './directory-panel.styles';
import { DialogForm, EditDialog } from './edit-dialog';
import { useEditing } from './use-editing';
import { useSubmission } from './use-submission';

const NAME_MAX = 100;
const cases = (n: number) => (n === 1 ? '1 case' : `${n.toLocaleString('en-GB')} cases`);

/** Adds a category, or renames one and retires or restores it. */
const CategoryDialog = ({
  category,
  categories,
  onCancel,
  onSaved,
}: {
  category: AdminCategory | null;
  categories: readonly AdminCategory[];
  onCancel: () => void;
  onSaved: (message: string) => void;
}) => {
  const api = useApi();
  const [name, setName] = useState(category?.name ?? '');
  const [active, setActive] = useState(category?.active ?? true);
  const { errors, problem, saving, showErrors, send } = useSubmission(['name'] as const);

  const save = () => {
    const trimmed = name.trim();
    const taken = categories.some(
      (c) => c.id !== category?.id && c.name.toLowerCase() === trimmed.toLowerCase(),
    );
    if (trimmed === '') return showErrors({ name: 'Name is required.' });
    if (trimmed.length > NAME_MAX)
      return showErrors({ name: `Use at most ${NAME_MAX} characters (it has ${trimmed.length}).` });
    if (taken) return showErrors({ name: `There is already a category called \u201c${trimmed}\u201d.` });
    if (!category)
      return void send(
        () => api.createCategory(trimmed),
        () => onSaved(`Added ${trimmed}.`),
      );
    const change = {
      ...(trimmed !== category.name ? { name: trimmed } : {}),
      ...(active !== category.active ? { active } : {}),
    };
    if (Object.keys(change).length === 0) return onCancel();
    void send(
      () => api.updateCategory(category.id, change),
      () =>
        onSaved(
          change.name !== undefined && category.cases > 0
            ? `Saved ${trimmed}; its ${cases(category.cases)} now show the new name.`
            : `Saved ${trimmed}.`,
        ),
    );
  };

  return (
    <DialogForm
      title={category ? `Change ${category.name}` : 'Add a category'}
      submitLabel={category ? 'Save changes' : 'Add category'}
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <Field
        label="Name"
        required
        hint={
          category && category.cases > 0
            ? `Renaming changes it on the ${cases(category.cases)} that have it.`
            : 'As people will see it when they raise a case, e.g. Roads and pavements.'
        }
        validationMessage={errors.name}
      >
        <Input value={name} onChange={(_e, data) => setName(data.value)} />
      </Field>
      {category && (
        <Field hint="A retired category is no longer offered for new cases; the cases that have it keep it.">
          <Checkbox
            checked={active}
            onChange={(_e, data) => setActive(data.checked === true)}
            label="Offered for new cases"
          />
        </Field>
      )}
    </DialogForm>
  );
};

/** Merges one category into another: every case moves, and the first leaves the list. */
const MergeDialog = ({
  category,
  categories,
  onCancel,
  onSaved,
}: {
  category: AdminCategory;
  categories: readonly AdminCategory[];
  onCancel: () => void;
  onSaved: (message: string) => void;
}) => {
  const api = useApi();
  const others = categories.filter((c) => c.id !== category.id);
  const [intoId, setIntoId] = useState('');
  const { errors, problem, saving, showErrors, send } = useSubmission(['intoId'] as const);
  const into = others.find((c) => c.id === intoId);

  const save = () => {
    if (!into) return showErrors({ intoId: 'Choose the category to merge into.' });
    void send(
      () => api.mergeCategory(category.id, into.id),
      () => onSaved(`Merged ${category.name} into ${into.name}.`),
    );
  };

  return (
    <DialogForm
      title={`Merge ${category.name}`}
      submitLabel="Merge"
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <Body1>
        {category.cases > 0
          ? `The ${cases(category.cases)} in ${category.name} move to the category you choose, and reports count them there. `
          : `No case has ${category.name}. `}
        {category.name} then leaves the list. This cannot be undone here.
      </Body1>
      <Field label="Merge into" required validationMessage={errors.intoId}>
        <Dropdown
          placeholder="Choose a category"
          value={into?.name ?? ''}
          selectedOptions={intoId ? [intoId] : []}
          onOptionSelect={(_e, data) => setIntoId(data.optionValue ?? '')}
        >
          {others.map((c) => (
            <Option key={c.id} value={c.id}>
              {c.active ? c.name : `${c.name} (retired)`}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </DialogForm>
  );
};

type Editing = { kind: 'edit' | 'merge'; category: AdminCategory | null };

/**
 * The case categories people choose from when they raise, route or correct a case: add, rename, put in
 * order, retire, and merge one into another (issue 16). Administrators only; each change is audited.
 */
export const CategoriesPanel = ({
  categories,
  onChanged,
}: {
  categories: readonly AdminCategory[];
  onChanged: () => void;
}) => {
  const api = useApi();
  const styles = useDirectoryPanelStyles();
  const editing = useEditing<Editing>();
  const [moveProblem, setMoveProblem] = useState<string | null>(null);

  const move = async (index: number, by: -1 | 1) => {
    const ids = categories.map((c) => c.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    setMoveProblem(null);
    try {
      await api.reorderCategories(ids);
    } catch {
      setMoveProblem('The order could not be saved: the list may have changed. It has been read again.');
    }
    onChanged();
  };

  return (
    <DirectoryPanel
      title="Case categories"
      addable
      addLabel="Add category"
      onAdd={(opener) => editing.start({ kind: 'edit', category: null }, opener)}
      saved={editing.saved ?? moveProblem}
      empty={categories.length === 0 ? 'No categories yet. Add one so that cases can be raised.' : null}
    >
      <Table aria-label="Case categories" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Cases</TableHeaderCell>
            <TableHeaderCell>Offered</TableHeaderCell>
            <TableHeaderCell className={styles.actions}>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {categories.map((c, i) => (
            <TableRow key={c.id}>
              <TableCell>{c.name}</TableCell>
              <TableCell>{c.cases.toLocaleString('en-GB')}</TableCell>
              <TableCell>{c.active ? 'Yes' : 'No, retired'}</TableCell>
              <TableCell>
                <Menu>
                  <MenuTrigger disableButtonEnhancement>
                    <MenuButton appearance="subtle" aria-label={`Actions for ${c.name}`}>
                      Actions
                    </MenuButton>
                  </MenuTrigger>
                  <MenuPopover>
                    <MenuList>
                      <MenuItem
                        onClick={(e) => editing.start({ kind: 'edit', category: c }, opener(e.currentTarget))}
                      >
                        Rename or retire…
                      </MenuItem>
                      <MenuItem disabled={i === 0} onClick={() => void move(i, -1)}>
                        Move up
                      </MenuItem>
                      <MenuItem disabled={i === categories.length - 1} onClick={() => void move(i, 1)}>
                        Move down
                      </MenuItem>
                      <MenuItem
                        disabled={categories.length < 2}
                        onClick={(e) =>
                          editing.start({ kind: 'merge', category: c }, opener(e.currentTarget))
                        }
                      >
                        Merge into another…
                      </MenuItem>
                    </MenuList>
                  </MenuPopover>
                </Menu>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <EditDialog open={editing.isOpen} onDismiss={editing.close} onClosed={editing.returnFocus}>
        {editing.record?.kind === 'merge' && editing.record.category ? (
          <MergeDialog
            key={editing.session}
            category={editing.record.category}
            categories={categories}
            onCancel={editing.close}
            onSaved={(message) => {
              editing.done(message);
              onChanged();
            }}
          />
        ) : (
          <CategoryDialog
            key={editing.session}
            category={editing.record?.category ?? null}
            categories={categories}
            onCancel={editing.close}
            onSaved={(message) => {
              editing.done(message);
              onChanged();
            }}
          />
        )}
      </EditDialog>
    </DirectoryPanel>
  );
};

/**
 * Focus returns to the row's Actions button when a dialog closes: the menu item that opened it has gone with
 * its menu.
 */
const opener = (item: HTMLElement): HTMLElement => {
  const menuId = item.closest('[role="menu"]')?.id;
  const button = menuId ? document.querySelector<HTMLElement>(`[aria-controls="${menuId}"]`) : null;
  return button ?? item;
};
