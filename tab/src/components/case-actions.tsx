import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  Subtitle1,
  Textarea,
  makeStyles,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import {
  PRIORITIES,
  type CaseActionInput,
  type CaseActionType,
  type CaseView,
  type Priority,
} from '../api/types';
import { useDraft } from '../app/drafts';
import { useSession } from '../app/session';
import { CategoryPicker } from './category-picker';
import { CorrectDetailsDialog } from './correct-details-dialog';
import { formatInstant, PRIORITY_LABELS } from './format';
import { LeaveGuard } from './leave-guard';
import { ProblemBar } from './problem-bar';

type Input = 'department' | 'officer' | 'member' | 'response' | 'question' | 'reason' | 'details' | 'none';

interface ActionSpec {
  label: string;
  input: Input;
  /** What the dialog asks, under its title. */
  prompt: string;
  primary?: boolean;
}

export const ACTION_SPECS: Record<CaseActionType, ActionSpec> = {
  triage: {
    label: 'Route to a department',
    input: 'department',
    prompt: 'Choose the department that will answer.',
    primary: true,
  },
  assign: { label: 'Assign an officer', input: 'officer', prompt: 'Choose the officer who will answer.' },
  respond: {
    label: 'Respond',
    input: 'response',
    prompt: 'Write the response the member will read.',
    primary: true,
  },
  'follow-up': {
    label: 'Ask a follow-up question',
    input: 'question',
    prompt: 'Ask the department a follow-up question about its response.',
    primary: true,
  },
  extend: {
    label: 'Ask for more time',
    input: 'reason',
    prompt: 'Stage 2 gives more working days, only if the member agrees. Say why it is needed.',
  },
  'agree-extension': {
    label: 'Agree to more time',
    input: 'none',
    prompt: 'The department will have until the stage-2 date to respond.',
    primary: true,
  },
  'decline-extension': {
    label: 'Decline more time',
    input: 'none',
    prompt: 'The department must keep to the current date.',
  },
  hold: {
    label: 'Put on hold',
    input: 'reason',
    prompt: 'The response clock stops while the case is on hold. Say why.',
  },
  resume: { label: 'Take off hold', input: 'none', prompt: 'The response clock starts again.' },
  close: { label: 'Close the case', input: 'reason', prompt: 'Say why the case is being closed.' },
  reopen: { label: 'Reopen', input: 'reason', prompt: 'Say why the case is being reopened.' },
  escalate: {
    label: 'Escalate',
    input: 'reason',
    prompt: 'Say why the case needs a senior officer’s attention.',
  },
  'return-to-triage': {
    label: 'Wrong department: send back to triage',
    input: 'reason',
    prompt:
      'The case goes back to Democratic Services to be routed again, and leaves your department’s queue. Say why it is not for your department.',
  },
  correct: {
    label: 'Correct the details',
    input: 'details',
    prompt:
      'Change what was wrong (a postcode, a spelling, the title). The history records which details changed.',
  },
  share: {
    label: 'Share with a councillor',
    input: 'member',
    prompt: 'The councillor will be able to read this case.',
  },
};

const ORDER = Object.keys(ACTION_SPECS) as CaseActionType[];

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  question: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    '& > *': { margin: 0 },
  },
});

const parseText = (raw: unknown): string | null => (typeof raw === 'string' && raw !== '' ? raw : null);

/** The dialog for one action on one case: asks for what the action needs, then sends it. */
/** The enquiry being answered, as the member wrote it (title, then description with its line breaks). */
const TheQuestion = ({ c, className }: { c: CaseView; className: string }) => (
  <section aria-label="The enquiry" className={className}>
    <Subtitle2 as="h3">{c.title}</Subtitle2>
    <Body1 as="p">{c.description}</Body1>
  </section>
);

export const ActionDialog = ({
  c,
  type,
  onClose,
  onDone,
}: {
  c: CaseView;
  type: CaseActionType;
  onClose: () => void;
  onDone: (updated: CaseView, type: CaseActionType) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const spec = ACTION_SPECS[type];
  // What is written (a response, a question, a reason) is kept as a draft per person, action and case, so a
  // closed dialog, a reload or a menu link loses nothing; a choice from a list is quick to make again.
  const written = spec.input === 'response' || spec.input === 'question' || spec.input === 'reason';
  const draft = useDraft<string>(written ? `case-action:${type}:${c.ref}` : null, () => '', parseText);
  const { values: value, setValues: setValue } = draft;
  const [priority, setPriority] = useState<Priority>(c.priority);
  // Routing confirms or changes the category: the case's own when it is on the list, else one to choose.
  const offeredCategories = session.directory.categories;
  const listed = offeredCategories.some((k) => k.name === c.category);
  const [category, setCategory] = useState(listed ? c.category : '');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const officers = session.directory.people.filter(
    (p) =>
      p.roles.includes('SupportOfficer') ||
      (p.roles.includes('DepartmentOfficer') && p.departmentId === c.departmentId),
  );
  const councillors = session.directory.people.filter(
    (p) => p.roles.includes('Councillor') && p.id !== c.memberId && !c.sharedWith.includes(p.id),
  );

  const build = (): CaseActionInput | null => {
    const v = value.trim();
    if (spec.input !== 'none' && v === '') return null;
    switch (type) {
      case 'triage':
        return {
          type,
          departmentId: v,
          priority,
          ...(category && category !== c.category ? { category } : {}),
        };
      case 'assign':
        return { type, officerId: v };
      case 'respond':
        return { type, response: v };
      case 'follow-up':
        return { type, text: v };
      case 'share':
        return { type, memberId: v };
      case 'correct':
        return null;
      case 'agree-extension':
      case 'decline-extension':
      case 'resume':
        return { type };
      default:
        return { type, reason: v };
    }
  };

  const submit = async () => {
    const action = build();
    if (!action) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.act(c.ref, action, c.version);
      draft.sent();
      onDone(updated, type);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const required = `${
    spec.input === 'department'
      ? 'Choose a department.'
      : spec.input === 'officer'
        ? 'Choose an officer.'
        : spec.input === 'member'
          ? 'Choose a councillor.'
          : 'Write something here first.'
  }`;

  const picker = (label: string, options: { id: string; name: string }[]) => (
    <Field label={label} required validationMessage={missing ? required : undefined}>
      <Dropdown
        placeholder="Choose…"
        value={options.find((o) => o.id === value)?.name ?? ''}
        selectedOptions={value ? [value] : []}
        onOptionSelect={(_e, data) => setValue(data.optionValue ?? '')}
      >
        {options.map((o) => (
          <Option key={o.id} value={o.id}>
            {o.name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>
              {spec.label}: {c.ref}
            </DialogTitle>
            <DialogContent className={styles.content}>
              {type === 'respond' && <TheQuestion c={c} className={styles.question} />}
              <Body1>{spec.prompt}</Body1>
              {written && <LeaveGuard shouldWarn={draft.shouldWarn} what="this page" />}
              {draft.restoredAt && (
                <MessageBar intent="info">
                  <MessageBarBody>
                    Your draft from {formatInstant(draft.restoredAt.toISOString())} is back.
                  </MessageBarBody>
                  <MessageBarActions>
                    <Button size="small" onClick={draft.discard}>
                      Discard the draft
                    </Button>
                  </MessageBarActions>
                </MessageBar>
              )}
              {spec.input === 'department' && (
                <>
                  {picker('Department', session.directory.departments)}
                  <Field
                    label="Category"
                    hint={
                      listed ? undefined : `“${c.category}” is not on the category list: choose one from it.`
                    }
                  >
                    <CategoryPicker categories={offeredCategories} value={category} onChange={setCategory} />
                  </Field>
                  <Field label="Priority">
                    <Dropdown
                      value={PRIORITY_LABELS[priority]}
                      selectedOptions={[priority]}
                      onOptionSelect={(_e, data) => setPriority((data.optionValue as Priority) ?? c.priority)}
                    >
                      {PRIORITIES.map((p) => (
                        <Option key={p} value={p}>
                          {PRIORITY_LABELS[p]}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                </>
              )}
              {spec.input === 'officer' &&
                picker(
                  'Officer',
                  officers.map((p) => ({ id: p.id, name: p.displayName })),
                )}
              {spec.input === 'member' &&
                picker(
                  'Councillor',
                  councillors.map((p) => ({ id: p.id, name: p.displayName })),
                )}
              {(spec.input === 'response' || spec.input === 'question' || spec.input === 'reason') && (
                <Field
                  label={
                    spec.input === 'response' ? 'Response' : spec.input === 'question' ? 'Question' : 'Reason'
                  }
                  required
                  validationMessage={missing ? required : undefined}
                >
                  <Textarea
                    value={value}
                    onChange={(_e, data) => setValue(data.value)}
                    resize="vertical"
                    rows={spec.input === 'reason' ? 3 : 6}
                  />
                </Field>
              )}
              {error !== undefined && <ProblemBar error={error} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy}>
                {busy ? 'Saving…' : spec.label}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
};

/**
 * The actions this person may take on this case, as the service reported them (`permittedActions`). The
 * service checks every action again, so hiding a button is for clarity, not protection.
 */
export const CaseActions = ({
  c,
  onChanged,
}: {
  c: CaseView;
  onChanged: (updated: CaseView, type: CaseActionType) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const session = useSession();
  const [open, setOpen] = useState<CaseActionType | null>(null);
  const [taking, setTaking] = useState(false);
  const [takeError, setTakeError] = useState<unknown>(undefined);
  const available = ORDER.filter((t) => c.permittedActions.includes(t));
  // "Assign to me": one press for an officer who may be given this case (the service checks the same rule).
  const me = session.me;
  const canTake =
    c.permittedActions.includes('assign') &&
    c.assignedOfficerId !== me.id &&
    (me.roles.includes('SupportOfficer') ||
      (me.roles.includes('DepartmentOfficer') && me.departmentId === c.departmentId));
  const take = async () => {
    setTaking(true);
    setTakeError(undefined);
    try {
      onChanged(await api.act(c.ref, { type: 'assign', officerId: me.id }, c.version), 'assign');
    } catch (e) {
      setTakeError(e);
    } finally {
      setTaking(false);
    }
  };
  if (available.length === 0) return null;
  return (
    <section aria-labelledby="case-actions-heading">
      <Subtitle1 as="h2" id="case-actions-heading">
        What you can do
      </Subtitle1>
      <div className={styles.bar}>
        {canTake && (
          <Button appearance="primary" disabled={taking} onClick={() => void take()}>
            {taking ? 'Assigning…' : 'Assign to me'}
          </Button>
        )}
        {available.map((t) => (
          <Button
            key={t}
            appearance={ACTION_SPECS[t].primary ? 'primary' : 'secondary'}
            onClick={() => setOpen(t)}
          >
            {ACTION_SPECS[t].label}
          </Button>
        ))}
      </div>
      {takeError !== undefined && <ProblemBar error={takeError} />}
      {open === 'correct' && (
        <CorrectDetailsDialog
          c={c}
          onClose={() => setOpen(null)}
          onDone={(updated) => {
            setOpen(null);
            onChanged(updated, 'correct');
          }}
        />
      )}
      {open && open !== 'correct' && (
        <ActionDialog
          c={c}
          type={open}
          onClose={() => setOpen(null)}
          onDone={(updated, type) => {
            setOpen(null);
            onChanged(updated, type);
          }}
        />
      )}
    </section>
  );
};
