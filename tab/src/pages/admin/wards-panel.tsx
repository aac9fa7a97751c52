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
import type { Ward } from '../../api/types';
import { checkWardForm, wardForm, type WardField, type WardForm } from './directory-forms';
import { DirectoryPanel } from './directory-panel';
import { useDirectoryPanelStyles } from './directory-panel.styles';
import { DialogForm, EditDialog } from './edit-dialog';
import { EditCell, NameAndIdFields } from './name-and-id-fields';
import { useEditing } from './use-editing';
import { useSubmission } from './use-submission';

const WARD_FIELDS: readonly WardField[] = ['id', 'name', 'postcodePrefixes'];

const WardDialog = ({
  ward,
  taken,
  onCancel,
  onSaved,
}: {
  ward: Ward | null;
  taken: readonly string[];
  onCancel: () => void;
  onSaved: (ward: Ward) => void;
}) => {
  const api = useApi();
  const [form, setForm] = useState<WardForm>(() => wardForm(ward ?? undefined));
  const { errors, problem, saving, showErrors, send } = useSubmission(WARD_FIELDS);

  const save = () => {
    const checked = checkWardForm(form, ward ? null : taken);
    if ('errors' in checked) return showErrors(checked.errors);
    const next = checked.ward;
    void send(
      () => (ward ? api.updateWard(next) : api.createWard(next)),
      () => onSaved(next),
    );
  };

  return (
    <DialogForm
      title={ward ? `Change ${ward.name}` : 'Add a ward'}
      submitLabel={ward ? 'Save changes' : 'Add ward'}
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <NameAndIdFields
        name={form.name}
        id={form.id}
        savedId={ward?.id ?? null}
        nameError={errors.name}
        idError={errors.id}
        idHint="A short, permanent name for links and exports, e.g. fallowmere-north. It cannot be changed later."
        fixedIdHint="A ward’s id cannot be changed."
        onChange={(next) => setForm((f) => ({ ...f, ...next }))}
      />
      <Field
        label="Postcode prefixes"
        hint="Comma-separated postcode areas, districts or sectors in the ward, e.g. WQ1, WQ2 3. Used to suggest the ward for a new case."
        validationMessage={errors.postcodePrefixes}
      >
        <Input
          value={form.postcodePrefixes}
          onChange={(_e, data) => setForm((f) => ({ ...f, postcodePrefixes: data.value }))}
        />
      </Field>
    </DialogForm>
  );
};

/** The council's wards (electoral divisions) and the postcodes used to suggest them. */
export const WardsPanel = ({
  wards,
  editable,
  onChanged,
}: {
  wards: readonly Ward[];
  editable: boolean;
  onChanged: () => void;
}) => {
  const styles = useDirectoryPanelStyles();
  const editing = useEditing<Ward>();
  const sorted = [...wards].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return (
    <DirectoryPanel
      title="Wards"
      addable={editable}
      addLabel="Add ward"
      onAdd={(opener) => editing.start(null, opener)}
      saved={editing.saved}
      empty={
        wards.length === 0
          ? editable
            ? 'No wards yet. Add the council’s wards so that cases can be filed against them.'
            : 'No wards yet.'
          : null
      }
    >
      <Table aria-label="Wards" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Id</TableHeaderCell>
            <TableHeaderCell>Postcode prefixes</TableHeaderCell>
            {editable && <TableHeaderCell className={styles.actions}>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {sorted.map((w) => (
            <TableRow key={w.id}>
              <TableCell>{w.name}</TableCell>
              <TableCell>{w.id}</TableCell>
              <TableCell>{w.postcodePrefixes.length > 0 ? w.postcodePrefixes.join(', ') : 'None'}</TableCell>
              {editable && <EditCell name={w.name} onEdit={(opener) => editing.start(w, opener)} />}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <EditDialog open={editing.isOpen} onDismiss={editing.close} onClosed={editing.returnFocus}>
        <WardDialog
          key={editing.session}
          ward={editing.record}
          taken={wards.map((w) => w.id)}
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
