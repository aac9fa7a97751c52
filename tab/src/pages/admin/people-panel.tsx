import {
  Dropdown,
  Field,
  Input,
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
import type { DirectoryData, DirectoryPerson, Role } from '../../api/types';
import { CheckboxGroup } from './checkbox-group';
import {
  ROLES,
  ROLE_LABELS,
  checkPersonForm,
  personForm,
  type PersonField,
  type PersonForm,
} from './directory-forms';
import { DirectoryPanel } from './directory-panel';
import { DirectorySyncSection } from './directory-sync-section';
import { useDirectoryPanelStyles } from './directory-panel.styles';
import { DialogForm, EditDialog } from './edit-dialog';
import { EditCell, NameAndIdFields } from './name-and-id-fields';
import { useEditing } from './use-editing';
import { useSubmission } from './use-submission';

const PERSON_FIELDS: readonly PersonField[] = [
  'id',
  'displayName',
  'email',
  'roles',
  'departmentId',
  'wardIds',
];
// Fluent options need a non-empty value; this one stands for "no department".
const NO_DEPARTMENT = 'none';

const byName = <T extends { name: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

const PersonDialog = ({
  person,
  directory,
  onCancel,
  onSaved,
}: {
  person: DirectoryPerson | null;
  directory: DirectoryData;
  onCancel: () => void;
  onSaved: (name: string) => void;
}) => {
  const api = useApi();
  const [form, setForm] = useState<PersonForm>(() => personForm(person ?? undefined));
  const { errors, problem, saving, showErrors, send } = useSubmission(PERSON_FIELDS);
  const set = <K extends PersonField>(field: K, value: PersonForm[K]) =>
    setForm((f) => ({ ...f, [field]: value }));
  const departments = byName(directory.departments);
  const wards = byName(directory.wards);
  const departmentName = (id: string) => directory.departments.find((d) => d.id === id)?.name ?? id;

  const save = () => {
    const checked = checkPersonForm(form, person ? null : directory.people.map((p) => p.id));
    if ('errors' in checked) return showErrors(checked.errors);
    const { id, person: input } = checked;
    void send(
      () => (person ? api.updatePerson(person.id, input) : api.createPerson({ id, ...input })),
      () => onSaved(input.displayName),
    );
  };

  return (
    <DialogForm
      title={person ? `Change ${person.displayName}` : 'Add a person'}
      submitLabel={person ? 'Save changes' : 'Add person'}
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <NameAndIdFields
        name={form.displayName}
        id={form.id}
        savedId={person?.id ?? null}
        nameError={errors.displayName}
        idError={errors.id}
        idHint="A short, permanent name, e.g. cllr-ann-example. It cannot be changed later."
        fixedIdHint="A person’s id cannot be changed."
        onChange={({ name, id }) => setForm((f) => ({ ...f, displayName: name, id }))}
      />
      <Field
        label="Work email"
        hint={
          person && !form.email
            ? 'The directory list does not show email addresses: enter theirs.'
            : undefined
        }
        required
        validationMessage={errors.email}
      >
        <Input type="email" value={form.email} onChange={(_e, data) => set('email', data.value)} />
      </Field>
      <CheckboxGroup<Role>
        legend="Roles"
        hint="Choose at least one."
        required
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        selected={form.roles}
        onChange={(roles) => set('roles', roles)}
        error={errors.roles}
      />
      <Field
        label="Department"
        hint="For department officers: the department whose cases they handle."
        validationMessage={errors.departmentId}
      >
        <Dropdown
          value={form.departmentId ? departmentName(form.departmentId) : 'No department'}
          selectedOptions={[form.departmentId || NO_DEPARTMENT]}
          onOptionSelect={(_e, data) =>
            set(
              'departmentId',
              data.optionValue && data.optionValue !== NO_DEPARTMENT ? data.optionValue : '',
            )
          }
        >
          <Option value={NO_DEPARTMENT}>No department</Option>
          {departments.map((d) => (
            <Option key={d.id} value={d.id}>
              {d.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <CheckboxGroup
        legend="Wards"
        hint="For councillors: the wards they represent. Choose as many as apply."
        options={wards.map((w) => ({ value: w.id, label: w.name }))}
        selected={form.wardIds}
        onChange={(wardIds) => set('wardIds', wardIds)}
        error={errors.wardIds}
        columns
      />
    </DialogForm>
  );
};

/** In Microsoft 365 mode: the wards a councillor represents, the one thing about a person set here. */
const WardsDialog = ({
  person,
  directory,
  onCancel,
  onSaved,
}: {
  person: DirectoryPerson;
  directory: DirectoryData;
  onCancel: () => void;
  onSaved: (name: string) => void;
}) => {
  const api = useApi();
  const [wardIds, setWardIds] = useState<string[]>(() => [...(person.wardIds ?? [])]);
  const { errors, problem, saving, send } = useSubmission(['wardIds'] as const);
  return (
    <DialogForm
      title={`Wards of ${person.displayName}`}
      submitLabel="Save wards"
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={() =>
        void send(
          () => api.setPersonWards(person.id, wardIds),
          () => onSaved(person.displayName),
        )
      }
    >
      <CheckboxGroup
        legend="Wards"
        hint="The wards (electoral divisions) this councillor represents. Choose as many as apply."
        options={byName(directory.wards).map((w) => ({ value: w.id, label: w.name }))}
        selected={wardIds}
        onChange={setWardIds}
        error={errors.wardIds}
        columns
      />
    </DialogForm>
  );
};

/** What administrators are told about people in Microsoft 365 mode. */
export const ENTRA_PEOPLE_NOTE =
  'People and their roles come from Microsoft Entra ID: assign Members’ Hub’s roles to people or groups in the Entra admin centre. A department officer’s department comes from the department’s Entra group. Here you set the wards each councillor represents.';

/**
 * Who uses Members' Hub, with their roles, department and wards: kept here in local mode (`editable`); from
 * Entra ID in Microsoft 365 mode (`entra`), where only wards are set here and the sync with Entra ID is shown.
 */
export const PeoplePanel = ({
  directory,
  editable,
  entra = false,
  onChanged,
}: {
  directory: DirectoryData;
  editable: boolean;
  entra?: boolean;
  onChanged: () => void;
}) => {
  const styles = useDirectoryPanelStyles();
  const editing = useEditing<DirectoryPerson>();
  const wardName = (id: string) => directory.wards.find((w) => w.id === id)?.name ?? id;
  const departmentName = (id: string) => directory.departments.find((d) => d.id === id)?.name ?? id;
  const people = [...directory.people].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
  const changeable = editable || entra;
  const saved = (name: string) => {
    editing.done(entra ? `Saved the wards of ${name}.` : `Saved ${name}.`);
    onChanged();
  };
  return (
    <DirectoryPanel
      title="People"
      addable={editable && !entra}
      note={entra ? ENTRA_PEOPLE_NOTE : null}
      addLabel="Add person"
      onAdd={(opener) => editing.start(null, opener)}
      saved={editing.saved}
      empty={
        directory.people.length === 0
          ? entra
            ? 'No one yet: people appear here once they hold a Members’ Hub role in Entra ID and the sync has run, or they have signed in.'
            : 'No people yet.'
          : null
      }
    >
      {entra && <DirectorySyncSection departmentName={departmentName} onSynchronised={onChanged} />}
      <Table aria-label="People" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Roles</TableHeaderCell>
            <TableHeaderCell>Department</TableHeaderCell>
            <TableHeaderCell>Wards</TableHeaderCell>
            {changeable && <TableHeaderCell className={styles.actions}>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {people.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.displayName}</TableCell>
              <TableCell>
                {p.roles.length > 0 ? p.roles.map((r) => ROLE_LABELS[r]).join(', ') : 'No role (no access)'}
              </TableCell>
              <TableCell>{p.departmentId ? departmentName(p.departmentId) : '—'}</TableCell>
              <TableCell>
                {p.wardIds && p.wardIds.length > 0 ? p.wardIds.map(wardName).join(', ') : '—'}
              </TableCell>
              {changeable && <EditCell name={p.displayName} onEdit={(opener) => editing.start(p, opener)} />}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <EditDialog open={editing.isOpen} onDismiss={editing.close} onClosed={editing.returnFocus}>
        {entra && editing.record ? (
          <WardsDialog
            key={editing.session}
            person={editing.record}
            directory={directory}
            onCancel={editing.close}
            onSaved={saved}
          />
        ) : (
          <PersonDialog
            key={editing.session}
            person={editing.record}
            directory={directory}
            onCancel={editing.close}
            onSaved={saved}
          />
        )}
      </EditDialog>
    </DirectoryPanel>
  );
};
