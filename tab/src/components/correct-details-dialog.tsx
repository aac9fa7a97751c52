import { Body1, Dialog, DialogSurface, Field, Input, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/client';
import type { CaseActionInput, CaseView } from '../api/types';
import { MAX, normalisePostcode, POSTCODE } from '../pages/new-case-form';
import { DialogForm } from '../pages/admin/edit-dialog';
import { useSession } from '../app/session';
import { CategoryPicker } from './category-picker';

type Detail = 'name' | 'address' | 'postcode' | 'email' | 'phone' | 'title' | 'category';
const LABELS: Record<Detail, string> = {
  name: 'Name',
  address: 'Address',
  postcode: 'Postcode',
  email: 'Email',
  phone: 'Phone',
  title: 'Short title',
  category: 'Category',
};
const PATHS: Record<string, Detail> = {
  'constituent.name': 'name',
  'constituent.address': 'address',
  'constituent.postcode': 'postcode',
  'constituent.email': 'email',
  'constituent.phone': 'phone',
  title: 'title',
  category: 'category',
};

/**
 * Corrects a case's details (the raising member and support officers): the constituent's name, address,
 * postcode, email and phone, the title, and the category (from the managed list), shown as they are; only what
 * changed is sent (`correct`).
 */
export const CorrectDetailsDialog = ({
  c,
  onClose,
  onDone,
}: {
  c: CaseView;
  onClose: () => void;
  onDone: (updated: CaseView) => void;
}) => {
  const api = useApi();
  const session = useSession();
  const was: Record<Detail, string> = {
    name: c.constituent.name,
    address: c.constituent.address,
    postcode: c.constituent.postcode,
    email: c.constituent.email ?? '',
    phone: c.constituent.phone ?? '',
    title: c.title,
    category: c.category,
  };
  const [values, setValues] = useState(was);
  const [errors, setErrors] = useState<Partial<Record<Detail, string>>>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const found: Partial<Record<Detail, string>> = {};
    for (const d of ['name', 'address', 'postcode', 'title'] as const)
      if (values[d].trim() === '') found[d] = `${LABELS[d]} is required.`;
    if (!found.postcode && !POSTCODE.test(values.postcode.trim().toUpperCase()))
      found.postcode = 'Enter a UK postcode such as WQ1 2AB.';
    for (const d of ['name', 'address', 'title'] as const) {
      const max = MAX[d];
      if (max && values[d].trim().length > max)
        found[d] = `${LABELS[d]} is too long: use at most ${max.toLocaleString('en-GB')} characters.`;
    }
    const changed = (d: Detail) => values[d].trim() !== was[d] && values[d].trim() !== '';
    const constituent: NonNullable<Extract<CaseActionInput, { type: 'correct' }>['constituent']> = {};
    for (const d of ['name', 'address', 'email', 'phone'] as const)
      if (changed(d)) constituent[d] = values[d].trim();
    if (changed('postcode') && normalisePostcode(values.postcode) !== was.postcode)
      constituent.postcode = normalisePostcode(values.postcode);
    const action: CaseActionInput = {
      type: 'correct',
      ...(Object.keys(constituent).length > 0 ? { constituent } : {}),
      ...(changed('title') ? { title: values.title.trim() } : {}),
      ...(changed('category') ? { category: values.category } : {}),
    };
    if (
      Object.keys(found).length === 0 &&
      !action.constituent &&
      action.title === undefined &&
      action.category === undefined
    )
      found.name = 'Nothing has changed yet: change a detail first.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onDone(await api.act(c.ref, action, c.version));
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.issues.length > 0) {
        const mapped: Partial<Record<Detail, string>> = {};
        for (const issue of e.issues) {
          const d = PATHS[issue.path];
          if (d) mapped[d] = `${LABELS[d]}: ${issue.message}.`;
        }
        setErrors(mapped);
      }
      setFailure(e);
    }
  };

  const field = (d: Detail, multiline = false) => (
    <Field
      label={LABELS[d]}
      required={d !== 'email' && d !== 'phone'}
      validationMessage={errors[d]}
      validationState={errors[d] ? 'error' : 'none'}
    >
      {multiline ? (
        <Textarea
          value={values[d]}
          rows={2}
          onChange={(_e, data) => setValues((v) => ({ ...v, [d]: data.value }))}
        />
      ) : (
        <Input
          value={values[d]}
          type={d === 'email' ? 'email' : d === 'phone' ? 'tel' : 'text'}
          autoComplete="off"
          onChange={(_e, data) => setValues((v) => ({ ...v, [d]: data.value }))}
        />
      )}
    </Field>
  );

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogForm
          title={`Correct the details: ${c.ref}`}
          submitLabel="Save the corrections"
          saving={busy}
          problem={failure !== undefined && Object.keys(errors).length === 0 ? { error: failure } : null}
          errors={errors}
          onCancel={onClose}
          onSubmit={() => void submit()}
        >
          <Body1>Change what was wrong. The history records which details changed, not what they say.</Body1>
          {field('name')}
          {field('address', true)}
          {field('postcode')}
          {field('email')}
          {field('phone')}
          {field('title')}
          <Field
            label={LABELS.category}
            validationMessage={errors.category}
            validationState={errors.category ? 'error' : 'none'}
          >
            <CategoryPicker
              categories={session.directory.categories}
              value={values.category}
              onChange={(name) => setValues((v) => ({ ...v, category: name }))}
            />
          </Field>
        </DialogForm>
      </DialogSurface>
    </Dialog>
  );
};
