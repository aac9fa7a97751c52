import { Body1, Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/client';
import type { CaseView, LinkedCase } from '../api/types';
import { STATUS_LABELS } from './format';
import { ProblemBar } from './problem-bar';
import { RouterLink } from './router-link';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  what: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  add: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  input: { minWidth: '12rem', flexGrow: 1 },
});

const REF = /^MH-\d{4}-\d{5}$/;

/**
 * A case's related cases, as far as the reader may see them (the service leaves out the others without a
 * trace), with linking and unlinking for those who may (`link-cases`).
 */
export const RelatedCases = ({
  c,
  links,
  onChanged,
}: {
  c: CaseView;
  links: readonly LinkedCase[];
  onChanged: (links: LinkedCase[], said: string) => void;
}) => {
  const styles = useStyles();
  const api = useApi();
  const canLink = c.recordActions.includes('link-cases');
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<{ links: LinkedCase[] }>, said: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await work();
      onChanged(result.links, said);
      setOther('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        setError('No case with that reference that you can see.');
      else if (e instanceof ApiError && e.issues.some((i) => i.path === 'ref'))
        setError(e.issues.find((i) => i.path === 'ref')?.message);
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const link = () => {
    const ref = other.trim().toUpperCase();
    if (!REF.test(ref)) {
      setError('Enter a case reference such as MH-2026-00042.');
      return;
    }
    void run(() => api.linkCase(c.ref, ref), `${c.ref} is linked to ${ref}.`);
  };

  return (
    <>
      {links.length === 0 ? (
        <Body1>No related cases.</Body1>
      ) : (
        <ul className={styles.list} aria-label="Related cases">
          {links.map((l) => (
            <li key={l.ref} className={styles.item}>
              <span className={styles.what}>
                <RouterLink to={`/cases/${l.ref}`}>{`${l.ref}: ${l.title}`}</RouterLink>
                <Caption1>{STATUS_LABELS[l.status]}</Caption1>
              </span>
              {canLink && (
                <Button
                  size="small"
                  disabled={busy}
                  aria-label={`Unlink ${l.ref}`}
                  onClick={() =>
                    void run(() => api.unlinkCase(c.ref, l.ref), `${l.ref} is no longer linked.`)
                  }
                >
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {failure !== undefined && <ProblemBar error={failure} />}
      {canLink && (
        <form
          className={styles.add}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            link();
          }}
        >
          <Field
            className={styles.input}
            label="Reference of a related case"
            validationMessage={error}
            validationState={error ? 'error' : 'none'}
          >
            <Input
              value={other}
              placeholder="MH-2026-00042"
              autoComplete="off"
              onChange={(_e, data) => {
                setOther(data.value);
                setError(undefined);
              }}
            />
          </Field>
          <Button type="submit" disabled={busy}>
            Link the case
          </Button>
        </form>
      )}
    </>
  );
};
