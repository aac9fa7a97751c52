import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError, newRequestKey } from '../api/client';
import { CASE_KINDS, type LikelyDuplicate } from '../api/types';
import { sameShape, useDraft } from '../app/drafts';
import { useSession } from '../app/session';
import { formatInstant, KIND_LABELS } from '../components/format';
import { LeaveGuard } from '../components/leave-guard';
import { CategoryPicker } from '../components/category-picker';
import { LikelyDuplicates } from '../components/likely-duplicates';
import { PageHeader } from '../components/page-header';
import { ProblemBar } from '../components/problem-bar';
import {
  checkNewCase,
  EMPTY_FORM,
  errorsFromIssues,
  LABELS,
  MAX,
  normalisePostcode,
  POSTCODE,
  type NewCaseErrors,
  type NewCaseField,
  type NewCaseValues,
} from './new-case-form';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '44rem' },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** Moves focus to a field (its first control, for a group of radios), from the summary of errors. */
const focusField = (f: NewCaseField) => {
  const at = document.getElementById(`field-${f}`);
  const control = at?.matches('input, textarea, button')
    ? at
    : at?.querySelector<HTMLElement>('input, button');
  control?.scrollIntoView?.({ block: 'center' });
  control?.focus();
};

/** A stored draft of this form, as far as it still fits the form's fields. */
const parseNewCaseDraft = (raw: unknown): NewCaseValues | null => {
  const values = sameShape(EMPTY_FORM, raw);
  if (!values) return null;
  return {
    ...values,
    kind: (CASE_KINDS as readonly string[]).includes(values.kind) ? values.kind : '',
    origin: values.origin === 'mp' ? 'mp' : 'councillor',
  };
};

/**
 * Raise a case: the same fields and checks as the bot's form. A councillor raises their own; a support
 * officer raises one for a member or records an MP's enquiry. The postcode suggests the division.
 */
export const NewCasePage = () => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const officer = session.is('SupportOfficer');
  const draft = useDraft<NewCaseValues>(
    'new-case',
    () => ({
      ...EMPTY_FORM,
      wardId: !officer && session.me.wardIds?.length === 1 ? (session.me.wardIds[0] ?? '') : '',
    }),
    parseNewCaseDraft,
  );
  const { values, setValues } = draft;
  const [errors, setErrors] = useState<NewCaseErrors>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [suggested, setSuggested] = useState<string | null>(null);
  const wardTouched = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // One key for this form while it is on screen: a retried or repeated submit raises one case. A form whose
  // submit was refused raised nothing, so its corrected submit can keep the key.
  const requestKey = useRef(newRequestKey());
  // Earlier cases this one may repeat, for the details they were checked against; and those to link once raised.
  const [duplicates, setDuplicates] = useState<{ probe: string; matches: LikelyDuplicate[] } | null>(null);
  const [linkAfter, setLinkAfter] = useState<string[]>([]);
  const duplicatesRef = useRef<HTMLDivElement>(null);

  if (!officer && !session.is('Councillor'))
    return (
      <>
        <PageHeader title="Raise a new case" />
        <MessageBar intent="info">
          <MessageBarBody>
            Cases are raised by councillors and by Democratic Services’ support officers.
          </MessageBarBody>
        </MessageBar>
      </>
    );

  const set = <K extends NewCaseField>(field: K, value: NewCaseValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const suggestWard = async () => {
    const postcode = values.postcode.trim().toUpperCase();
    if (!POSTCODE.test(postcode)) return;
    try {
      const { ward } = await api.suggestWard(normalisePostcode(postcode));
      if (!ward) {
        setSuggested(null);
        return;
      }
      setSuggested(ward.name);
      if (!wardTouched.current) set('wardId', ward.id);
    } catch {
      // A suggestion is a convenience: without it the person picks the division themselves.
      setSuggested(null);
    }
  };

  const submit = async () => {
    setFailure(undefined);
    const checked = checkNewCase(values, officer);
    if (!checked.ok) {
      setErrors(checked.errors);
      summaryRef.current?.focus();
      return;
    }
    setBusy(true);
    const { name, email, phone, address, postcode } = checked.input.constituent;
    const probe = {
      constituent: { name, email, phone, address, postcode },
      category: checked.input.category,
    };
    const probeKey = JSON.stringify(probe);
    // Before the first raise of these details: earlier cases they may repeat are shown, and the next press
    // raises the case anyway. A check that fails does not stop the case being raised.
    if (duplicates?.probe !== probeKey) {
      const matches = await api.likelyDuplicates(probe).then(
        (r) => r.matches,
        () => [],
      );
      setDuplicates({ probe: probeKey, matches });
      setLinkAfter([]);
      if (matches.length > 0) {
        setBusy(false);
        setTimeout(() => duplicatesRef.current?.focus(), 0);
        return;
      }
    }
    try {
      const created = await api.raiseCase(checked.input, requestKey.current);
      draft.sent();
      const linked: string[] = [];
      const unlinked: string[] = [];
      for (const other of linkAfter)
        await api.linkCase(created.ref, other).then(
          () => linked.push(other),
          () => unlinked.push(other),
        );
      const notice = [
        `Case ${created.ref} raised.`,
        ...(linked.length > 0 ? [`Linked to ${linked.join(', ')}.`] : []),
        ...(unlinked.length > 0
          ? [`It could not be linked to ${unlinked.join(', ')}: link it from Related cases.`]
          : []),
      ].join(' ');
      // Replaces New case in the history, so Back and Forward never come to the sent form again.
      void navigate(`/cases/${created.ref}`, { replace: true, state: { notice } });
    } catch (e) {
      setBusy(false);
      // The key raised a case with other details: a new submit is a new request, with a new key.
      if (e instanceof ApiError && e.code === 'request_key_reused') requestKey.current = newRequestKey();
      if (e instanceof ApiError && (e.status === 400 || e.status === 422) && e.issues.length > 0) {
        setErrors(errorsFromIssues(e.issues));
        summaryRef.current?.focus();
      }
      setFailure(e);
    }
  };

  const errorList = Object.entries(errors).filter(([, m]) => m) as [NewCaseField, string][];
  const field = (f: NewCaseField) => ({
    label: LABELS[f],
    validationMessage: errors[f],
    validationState: errors[f] ? ('error' as const) : ('none' as const),
  });
  const text = (f: 'name' | 'email' | 'phone' | 'address' | 'postcode' | 'title' | 'mpName') => ({
    id: `field-${f}`,
    value: values[f],
    onChange: (_e: unknown, data: { value: string }) => set(f, data.value),
  });

  return (
    <>
      <PageHeader title="Raise a new case" />
      <LeaveGuard shouldWarn={draft.shouldWarn} what="the new case" />
      <form
        className={styles.form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {draft.restoredAt && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Your draft is back</MessageBarTitle>
              What you typed here on {formatInstant(draft.restoredAt.toISOString())} was kept on this device.
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={draft.discard}>Discard the draft</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        <div ref={summaryRef} tabIndex={-1}>
          {errorList.length > 0 && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>
                  Please check {errorList.length === 1 ? 'one field' : `${errorList.length} fields`}
                </MessageBarTitle>
                <ul>
                  {errorList.map(([f, m]) => (
                    <li key={f}>
                      {/* Each message names its field already; the link takes the person to it. */}
                      <Link
                        href={`#field-${f}`}
                        onClick={(e) => {
                          e.preventDefault();
                          focusField(f);
                        }}
                      >
                        {m}
                      </Link>
                    </li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )}
          {failure !== undefined && errorList.length === 0 && <ProblemBar error={failure} />}
        </div>

        <Field {...field('kind')} required>
          <RadioGroup
            id="field-kind"
            value={values.kind}
            onChange={(_e, data) => set('kind', data.value as NewCaseValues['kind'])}
          >
            {CASE_KINDS.map((k) => (
              <Radio key={k} value={k} label={KIND_LABELS[k]} />
            ))}
          </RadioGroup>
        </Field>

        {officer && (
          <fieldset className={styles.fieldset}>
            <legend className={styles.legend}>Who the enquiry is from</legend>
            <Field {...field('origin')}>
              <RadioGroup
                id="field-origin"
                value={values.origin}
                layout="horizontal"
                onChange={(_e, data) => set('origin', data.value === 'mp' ? 'mp' : 'councillor')}
              >
                <Radio value="councillor" label="A councillor" />
                <Radio value="mp" label="An MP" />
              </RadioGroup>
            </Field>
            {values.origin === 'councillor' ? (
              <Field {...field('memberId')} required>
                <Dropdown
                  id="field-memberId"
                  placeholder="Choose the member"
                  value={session.directory.people.find((p) => p.id === values.memberId)?.displayName ?? ''}
                  selectedOptions={values.memberId ? [values.memberId] : []}
                  onOptionSelect={(_e, data) => set('memberId', data.optionValue ?? '')}
                >
                  {session.directory.people
                    .filter((p) => p.roles.includes('Councillor'))
                    .map((p) => (
                      <Option key={p.id} value={p.id}>
                        {p.displayName}
                      </Option>
                    ))}
                </Dropdown>
              </Field>
            ) : (
              <Field {...field('mpName')} required>
                <Input {...text('mpName')} />
              </Field>
            )}
          </fieldset>
        )}

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>The constituent</legend>
          <Field {...field('name')} required>
            <Input {...text('name')} autoComplete="off" />
          </Field>
          <Field {...field('email')} hint="Optional">
            <Input {...text('email')} type="email" autoComplete="off" />
          </Field>
          <Field {...field('phone')} hint="Optional">
            <Input {...text('phone')} type="tel" autoComplete="off" />
          </Field>
          <Field {...field('address')} required>
            <Textarea
              id="field-address"
              value={values.address}
              onChange={(_e, data) => set('address', data.value)}
              rows={2}
            />
          </Field>
          <Field {...field('postcode')} required hint="The division is suggested from the postcode.">
            <Input {...text('postcode')} onBlur={() => void suggestWard()} autoComplete="off" />
          </Field>
          <Field>
            <Checkbox
              id="field-consent"
              checked={values.consent}
              onChange={(_e, data) => set('consent', data.checked === true)}
              label="The constituent agrees that their details may be shared with the department handling the case"
            />
          </Field>
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>The case</legend>
          <Field
            {...field('wardId')}
            required
            hint={suggested ? `Suggested from the postcode: ${suggested}` : undefined}
          >
            <Dropdown
              id="field-wardId"
              placeholder="Choose the electoral division"
              value={session.directory.wards.find((w) => w.id === values.wardId)?.name ?? ''}
              selectedOptions={values.wardId ? [values.wardId] : []}
              onOptionSelect={(_e, data) => {
                wardTouched.current = true;
                set('wardId', data.optionValue ?? '');
              }}
            >
              {session.directory.wards.map((w) => (
                <Option key={w.id} value={w.id}>
                  {w.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field {...field('category')} required>
            <CategoryPicker
              id="field-category"
              categories={session.directory.categories}
              value={values.category}
              onChange={(name) => set('category', name)}
            />
          </Field>
          <Field {...field('title')} required hint={`Up to ${MAX.title ?? 0} characters`}>
            <Input {...text('title')} />
          </Field>
          <Field {...field('description')} required>
            <Textarea
              id="field-description"
              value={values.description}
              onChange={(_e, data) => set('description', data.value)}
              rows={6}
              resize="vertical"
            />
          </Field>
        </fieldset>

        {duplicates && duplicates.matches.length > 0 && (
          <LikelyDuplicates
            ref={duplicatesRef}
            matches={duplicates.matches}
            linkAfter={linkAfter}
            onLinkAfter={setLinkAfter}
          />
        )}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={busy}>
            {busy
              ? 'Raising the case…'
              : duplicates && duplicates.matches.length > 0
                ? 'Raise the case anyway'
                : 'Raise the case'}
          </Button>
          <Button
            onClick={() => {
              draft.sent();
              draft.discard();
              void navigate(-1);
            }}
            disabled={busy}
          >
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
};
