import { Checkbox, Field, Input, Radio, RadioGroup, Select, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { Decision, DecisionInput } from '../../api/briefing-types';
import { useSession } from '../../app/session';
import { CheckboxGroup } from '../admin/checkbox-group';
import { DialogForm } from '../admin/edit-dialog';
import { useSubmission } from '../admin/use-submission';

const FIELDS = [
  'title',
  'summary',
  'maker.name',
  'date',
  'callIn.deadline',
  'wards',
  'reasons',
  'links',
  'takingPart',
] as const;
type FieldName = (typeof FIELDS)[number];

const MAKERS = [
  { value: 'council', label: 'Full Council' },
  { value: 'cabinet', label: 'Cabinet or a Cabinet member' },
  { value: 'committee', label: 'A committee' },
  { value: 'officer', label: 'An officer' },
] as const;

interface Form {
  title: string;
  summary: string;
  makerKind: DecisionInput['maker']['kind'];
  makerName: string;
  status: DecisionInput['status'];
  date: string;
  keyDecision: boolean;
  callIn: boolean;
  deadline: string;
  allWards: boolean;
  wards: string[];
  reasons: string;
  links: string;
  takingPart: string;
}

const formOf = (d: Decision | null): Form => ({
  title: d?.title ?? '',
  summary: d?.summary ?? '',
  makerKind: d?.maker.kind ?? 'cabinet',
  makerName: d?.maker.name ?? '',
  status: d?.status ?? 'taken',
  date: d?.date ?? '',
  keyDecision: d?.keyDecision ?? false,
  callIn: d?.callIn.subject ?? false,
  deadline: d?.callIn.deadline ?? '',
  allWards: d ? d.wards === 'all' : false,
  wards: d && d.wards !== 'all' ? [...d.wards] : [],
  reasons: d?.reasons ?? '',
  links: (d?.links ?? []).map((l) => `${l.title} | ${l.url}`).join('\n'),
  takingPart: d?.takingPart ?? '',
});

/** Links as "Title | https://…", one per line; a bare address is titled "Papers". */
const linksOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf('|');
      return bar < 0
        ? { title: 'Papers', url: line }
        : { title: line.slice(0, bar).trim() || 'Papers', url: line.slice(bar + 1).trim() };
    });

/**
 * Adds or edits a decision. Saving it confirms its wards: an imported decision's suggested wards are
 * pre-ticked for the officer to check.
 */
export const DecisionDialog = ({
  decision,
  onCancel,
  onSaved,
}: {
  decision: Decision | null;
  onCancel: () => void;
  onSaved: (d: Decision) => void;
}) => {
  const api = useApi();
  const { directory } = useSession();
  const [form, setForm] = useState<Form>(() => {
    const initial = formOf(decision);
    if (decision && !decision.wardsConfirmed && decision.wards !== 'all' && decision.wards.length === 0)
      return { ...initial, wards: [...decision.suggestedWards] };
    return initial;
  });
  const { errors, problem, saving, showErrors, send } = useSubmission<FieldName>(FIELDS);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const error = (name: FieldName) => errors[name];

  const save = () => {
    const found: Partial<Record<FieldName, string>> = {};
    if (!form.title.trim()) found.title = 'Give the decision a title.';
    if (!form.makerName.trim()) found['maker.name'] = 'Say who takes the decision.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) found.date = 'Give the date.';
    if (!form.allWards && form.wards.length === 0) found.wards = 'Tick the wards it affects, or all wards.';
    if (Object.keys(found).length > 0) return showErrors(found);
    const input: DecisionInput = {
      title: form.title.trim(),
      summary: form.summary.trim(),
      maker: { kind: form.makerKind, name: form.makerName.trim() },
      status: form.status,
      date: form.date,
      keyDecision: form.keyDecision,
      callIn: { subject: form.callIn, deadline: form.callIn && form.deadline ? form.deadline : null },
      wards: form.allWards ? 'all' : form.wards,
      wardsConfirmed: true,
      reasons: form.reasons.trim(),
      links: linksOf(form.links),
      takingPart: form.takingPart.trim(),
    };
    let saved: Decision | null = null;
    void send(
      async () => {
        saved = decision
          ? await api.updateDecision(decision.id, input, decision.version)
          : await api.createDecision(input);
      },
      () => {
        if (saved) onSaved(saved);
      },
    );
  };

  return (
    <DialogForm
      title={decision ? 'Change the decision' : 'Add a decision'}
      submitLabel={decision ? 'Save and confirm wards' : 'Add decision'}
      saving={saving}
      problem={problem}
      errors={errors}
      onCancel={onCancel}
      onSubmit={save}
    >
      <Field label="Title" required validationMessage={error('title')}>
        <Input value={form.title} onChange={(_e, d) => set({ title: d.value })} />
      </Field>
      <Field label="Summary" validationMessage={error('summary')}>
        <Textarea value={form.summary} onChange={(_e, d) => set({ summary: d.value })} />
      </Field>
      <Field label="Taken by">
        <Select value={form.makerKind} onChange={(_e, d) => set({ makerKind: d.value as Form['makerKind'] })}>
          {MAKERS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Decision maker’s name"
        required
        validationMessage={error('maker.name')}
        hint="e.g. Cabinet, Planning Committee, Director of Highways"
      >
        <Input value={form.makerName} onChange={(_e, d) => set({ makerName: d.value })} />
      </Field>
      <Field label="Status">
        <RadioGroup
          layout="horizontal"
          value={form.status}
          onChange={(_e, d) => set({ status: d.value as Form['status'] })}
        >
          <Radio value="taken" label="Taken" />
          <Radio value="forthcoming" label="Forthcoming (forward plan)" />
        </RadioGroup>
      </Field>
      <Field
        label={form.status === 'taken' ? 'Date taken' : 'Date due'}
        required
        validationMessage={error('date')}
      >
        <Input type="date" value={form.date} onChange={(_e, d) => set({ date: d.value })} />
      </Field>
      <Checkbox
        label="Key decision"
        checked={form.keyDecision}
        onChange={(_e, d) => set({ keyDecision: d.checked === true })}
      />
      <Checkbox
        label="Subject to call-in"
        checked={form.callIn}
        onChange={(_e, d) => set({ callIn: d.checked === true })}
      />
      {form.callIn && (
        <Field label="Call-in deadline" validationMessage={error('callIn.deadline')}>
          <Input type="date" value={form.deadline} onChange={(_e, d) => set({ deadline: d.value })} />
        </Field>
      )}
      <Checkbox
        label="It affects all wards"
        checked={form.allWards}
        onChange={(_e, d) => set({ allWards: d.checked === true })}
      />
      {!form.allWards && (
        <CheckboxGroup
          legend="Wards affected"
          required
          columns
          hint={decision && !decision.wardsConfirmed ? 'Suggested from the text: check them.' : undefined}
          options={directory.wards.map((w) => ({ value: w.id, label: w.name }))}
          selected={form.wards}
          onChange={(wards) => set({ wards })}
          error={error('wards')}
        />
      )}
      <Field label="Reasons for the decision" validationMessage={error('reasons')}>
        <Textarea value={form.reasons} onChange={(_e, d) => set({ reasons: d.value })} />
      </Field>
      <Field label="How residents can take part" validationMessage={error('takingPart')}>
        <Textarea value={form.takingPart} onChange={(_e, d) => set({ takingPart: d.value })} />
      </Field>
      <Field
        label="Published papers"
        hint="One per line: Title | https://…"
        validationMessage={error('links')}
      >
        <Textarea value={form.links} onChange={(_e, d) => set({ links: d.value })} />
      </Field>
    </DialogForm>
  );
};
