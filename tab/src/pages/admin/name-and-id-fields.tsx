import { Button, Field, Input, TableCell } from '@fluentui/react-components';
import { EditRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { idFromName } from './directory-forms';

/**
 * A record's name and its id. A new record's id follows the name (`Fallowmere North` → `fallowmere-north`)
 * until the administrator types one; a saved record's id is shown but cannot change.
 */
export const NameAndIdFields = ({
  name,
  id,
  savedId,
  nameError,
  idError,
  idHint,
  fixedIdHint,
  onChange,
}: {
  name: string;
  id: string;
  /** The id of the record being edited; null when adding one. */
  savedId: string | null;
  nameError: string | undefined;
  idError: string | undefined;
  /** Under the id when adding: what an id is for, with an example. */
  idHint: string;
  /** Under the id when editing: that it cannot change. */
  fixedIdHint: string;
  onChange: (next: { name: string; id: string }) => void;
}) => {
  const [idTyped, setIdTyped] = useState(false);
  return (
    <>
      <Field label="Name" required validationMessage={nameError}>
        <Input
          value={name}
          onChange={(_e, data) =>
            onChange({ name: data.value, id: savedId !== null || idTyped ? id : idFromName(data.value) })
          }
        />
      </Field>
      {savedId !== null ? (
        <Field label="Id" hint={fixedIdHint}>
          <Input value={savedId} readOnly />
        </Field>
      ) : (
        <Field label="Id" hint={idHint} required validationMessage={idError}>
          <Input
            value={id}
            onChange={(_e, data) => {
              setIdTyped(true);
              onChange({ name, id: data.value });
            }}
          />
        </Field>
      )}
    </>
  );
};

/** The last cell of a directory row: an Edit button named after the record, which reopens focus on itself. */
export const EditCell = ({ name, onEdit }: { name: string; onEdit: (opener: HTMLElement) => void }) => (
  <TableCell>
    <Button
      appearance="subtle"
      icon={<EditRegular />}
      aria-label={`Edit ${name}`}
      onClick={(e) => onEdit(e.currentTarget)}
    >
      Edit
    </Button>
  </TableCell>
);
