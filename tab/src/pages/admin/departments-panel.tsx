import {
  Field,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { Department } from '../../api/types';
import {
  checkDepartmentForm,
  departmentForm,
  type DepartmentField,
  type DepartmentForm,
} from './directory-forms';
import { DirectoryPanel } from './directory-panel';
import { useDirectoryPanelStyles } from './directory-panel.styles';
import { DialogForm, EditDialog } from './edit-dialog';
import { EditCell, NameAndIdFields } from './name-and-id-fields';
import { useEditing } from './use-editing';
import { useSubmission } from './use-submission';

const DEPARTMENT_FIELDS: readonly DepartmentField[] = ['id', 'name', 'entraGroupId'];

const DepartmentDialog = ({
  department,
  taken,
  groups,
  onCancel,
  onSaved,
}: {
  department: Department | null;
  taken: readonly string[];
  groups: boolean;
  onCancel: () => void;
  onSaved: (department: Department) => void;
}) => {
  const api = useApi();
  const [form, setForm] = useState<DepartmentForm>(() => departmentForm(department ?? undefined));
  const { errors, problem, saving, showErrors, send } = useSubmission(DEPARTMENT_FIELDS);

  const save = () => {
    const checked = checkDepartmentForm(form, department ? null : taken, { groups });
    if ('errors' in checked) return showErrors(checked.errors);
    const next = checked.department;
    void send(
      () => (department ? api.updateDepartment(next) : api.createDepartment(next)),
      () => onSaved({ id: next.id, name: next.name }),
    );
  };

  return (
    <DialogForm
      title={department ? `Change ${department.name}` : 'Add a department'}
      submitLabel={department ? 'Save changes' : 'Add department'}
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <NameAndIdFields
        name={form.name}
        id={form.id}
        savedId={department?.id ?? null}
        nameError={errors.name}
        idError={errors.id}
        idHint="A short, permanent name for links and exports, e.g. highways. It cannot be changed later."
        fixedIdHint="A department’s id cannot be changed."
        onChange={(next) => setForm((f) => ({ ...f, ...next }))}
      />
      {groups && (
        <Field
          label="Entra group (object id)"
          hint="The Microsoft Entra group whose members, directly or through groups inside it, are this department’s officers. Copy its object id from the group’s overview in the Entra admin centre. Leave empty for none."
          validationMessage={errors.entraGroupId}
        >
          <Input
            value={form.entraGroupId}
            onChange={(_e, data) => setForm((f) => ({ ...f, entraGroupId: data.value }))}
          />
        </Field>
      )}
    </DialogForm>
  );
};

/**
 * The departments (service areas) that cases are routed to; in Microsoft 365 mode (`groups`) each with the
 * Entra group whose members are its officers.
 */
export const DepartmentsPanel = ({
  departments,
  editable,
  groups = false,
  onChanged,
}: {
  departments: readonly Department[];
  editable: boolean;
  groups?: boolean;
  onChanged: () => void;
}) => {
  const styles = useDirectoryPanelStyles();
  const editing = useEditing<Department>();
  const sorted = [...departments].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return (
    <DirectoryPanel
      title="Departments"
      addable={editable}
      addLabel="Add department"
      onAdd={(opener) => editing.start(null, opener)}
      saved={editing.saved}
      empty={
        departments.length === 0
          ? editable
            ? 'No departments yet. Add one so that cases can be routed to it.'
            : 'No departments yet.'
          : null
      }
    >
      <Table aria-label="Departments" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Id</TableHeaderCell>
            {groups && <TableHeaderCell>Entra group</TableHeaderCell>}
            {editable && <TableHeaderCell className={styles.actions}>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {sorted.map((d) => (
            <TableRow key={d.id}>
              <TableCell>{d.name}</TableCell>
              <TableCell>{d.id}</TableCell>
              {groups && <TableCell>{d.entraGroupId ?? 'None: no officers'}</TableCell>}
              {editable && <EditCell name={d.name} onEdit={(opener) => editing.start(d, opener)} />}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <EditDialog open={editing.isOpen} onDismiss={editing.close} onClosed={editing.returnFocus}>
        <DepartmentDialog
          key={editing.session}
          department={editing.record}
          taken={departments.map((d) => d.id)}
          groups={groups}
          onCancel={editing.close}
          onSaved={(saved) => {
            editing.done(`Saved ${saved.name}.`);
            onChanged();
          }}
        />
      </EditDialog>
    </DirectoryPanel>
  );
};
