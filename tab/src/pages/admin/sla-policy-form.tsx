import {
  Body1,
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/client';
import type { AdminSettings } from '../../api/types';
import { ProblemBar } from '../../components/problem-bar';
import { useFocusFirstInvalid } from './focus-first-invalid';
import {
  checkSlaForm,
  errorsFromIssues,
  formFromPolicy,
  regionName,
  type SlaErrors,
  type SlaField,
  type SlaForm,
} from './sla-policy';
import { useSlaPolicyFormStyles } from './sla-policy-form.styles';

const NUMBER_FIELDS: { field: Exclude<SlaField, 'region' | 'escalation'>; label: string; hint?: string }[] = [
  { field: 'acknowledge', label: 'Acknowledge within (working days)' },
  {
    field: 'stage1',
    label: 'Stage 1 response within (working days)',
    hint: 'Counted from the day the case arrives.',
  },
  {
    field: 'stage2',
    label: 'Stage 2 extension (extra working days)',
    hint: 'Added to the stage 1 date when the member agrees to an extension.',
  },
  {
    field: 'followUp',
    label: 'Follow-up window (working days)',
    hint: 'How long a case stays open after a response.',
  },
  { field: 'warnBefore', label: 'Warn when this many working days are left' },
];

type Outcome = { kind: 'saved' } | { kind: 'failed'; error: unknown } | null;

/** The council's response targets. A saved change applies to cases raised (or extended) from then on. */
export const SlaPolicyForm = ({
  settings,
  onSaved,
}: {
  settings: AdminSettings;
  onSaved: (settings: AdminSettings) => void;
}) => {
  const styles = useSlaPolicyFormStyles();
  const api = useApi();
  const [form, setForm] = useState<SlaForm>(() => formFromPolicy(settings.sla));
  const [errors, setErrors] = useState<SlaErrors>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const set = (field: SlaField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setOutcome((o) => (o?.kind === 'saved' ? null : o));
  };

  const save = async () => {
    const checked = checkSlaForm(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setOutcome(null);
      return;
    }
    setErrors({});
    setOutcome(null);
    setSaving(true);
    try {
      const saved = await api.saveSlaPolicy(checked.policy);
      setForm(formFromPolicy(saved.sla));
      setOutcome({ kind: 'saved' });
      onSaved(saved);
    } catch (error: unknown) {
      setOutcome({ kind: 'failed', error });
      if (error instanceof ApiError) setErrors(errorsFromIssues(error.issues));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      ref={formRef}
      className={styles.form}
      noValidate
      aria-label="SLA policy"
      onSubmit={(e) => {
        e.preventDefault();
        if (!saving) void save();
      }}
    >
      <Body1 as="p">
        Targets are counted in working days: weekends and the chosen bank holidays do not count.
      </Body1>
      {outcome?.kind === 'failed' && <ProblemBar error={outcome.error} />}
      <div className={styles.fields}>
        <Field label="Bank holidays" required validationMessage={errors.region} className={styles.wide}>
          <Dropdown
            value={regionName(form.region)}
            selectedOptions={[form.region]}
            onOptionSelect={(_e, data) => set('region', data.optionValue ?? '')}
          >
            {settings.regions.map((r) => (
              <Option key={r} value={r}>
                {regionName(r)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {NUMBER_FIELDS.map(({ field, label, hint }) => (
          <Field key={field} label={label} hint={hint} required validationMessage={errors[field]}>
            <Input
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={form[field]}
              onChange={(_e, data) => set(field, data.value)}
            />
          </Field>
        ))}
        <Field
          label="Escalate after a missed target (working days)"
          hint="Comma-separated, in ascending order. 0, 5, 10 escalates on the day the target is missed, then 5 and 10 working days later."
          required
          validationMessage={errors.escalation}
          className={styles.wide}
        >
          <Input value={form.escalation} onChange={(_e, data) => set('escalation', data.value)} />
        </Field>
        <Field
          label="Goal: responses within target (%)"
          hint="What the Performance page measures each department against."
          required
          validationMessage={errors.goal}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={form.goal}
            onChange={(_e, data) => set('goal', data.value)}
          />
        </Field>
      </div>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save SLA policy'}
        </Button>
      </div>
      {outcome?.kind === 'saved' && (
        <MessageBar intent="success">
          <MessageBarBody>Saved. New targets apply to cases from now on.</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
};
