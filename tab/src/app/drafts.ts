import { useCallback, useEffect, useRef, useState, type SetStateAction } from 'react';
import { useSession } from './session';

/**
 * Drafts of forms kept in this browser (localStorage), so that a reload, a menu link or a closed dialog loses
 * nothing typed. Each draft is keyed by the signed-in person and the form: a person only ever reads their own,
 * on a shared computer too. A draft is removed when its form is sent or discarded, and any draft older than
 * `MAX_AGE_MS` is removed unread (they can hold a constituent's details, which should not linger).
 */
const PREFIX = 'membersHub.draft.v1';
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

interface Stored {
  savedAt: string;
  values: unknown;
}

export const draftKey = (personId: string, form: string): string =>
  `${PREFIX}:${encodeURIComponent(personId)}:${form}`;

// Storage can be refused (a browser's privacy settings, a sandboxed frame): drafts are then simply not kept.
const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch (refused) {
    void refused;
    return null;
  }
};

/** Removes every draft (anyone's) saved longer ago than MAX_AGE_MS, or unreadable. */
export const pruneDrafts = (now = Date.now()): void => {
  const store = storage();
  if (!store) return;
  for (let i = store.length - 1; i >= 0; i -= 1) {
    const key = store.key(i);
    if (!key?.startsWith(`${PREFIX}:`)) continue;
    const saved = parseStored(store.getItem(key));
    if (!saved || now - Date.parse(saved.savedAt) > MAX_AGE_MS) store.removeItem(key);
  }
};

const parseStored = (raw: string | null): Stored | null => {
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { savedAt, values } = parsed as Partial<Stored>;
    return typeof savedAt === 'string' && !Number.isNaN(Date.parse(savedAt)) ? { savedAt, values } : null;
  } catch (broken) {
    void broken;
    return null;
  }
};

export const readDraft = <T>(
  personId: string,
  form: string,
  parse: (values: unknown) => T | null,
  now = Date.now(),
): { values: T; savedAt: Date } | null => {
  pruneDrafts(now);
  const saved = parseStored(storage()?.getItem(draftKey(personId, form)) ?? null);
  const values = saved ? parse(saved.values) : null;
  return saved && values !== null ? { values, savedAt: new Date(saved.savedAt) } : null;
};

export const writeDraft = (personId: string, form: string, values: unknown, now = Date.now()): void => {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(draftKey(personId, form), JSON.stringify({ savedAt: new Date(now).toISOString(), values }));
  } catch (full) {
    // Storage full: the form still works, only the draft is not kept.
    void full;
  }
};

export const clearDraft = (personId: string, form: string): void =>
  storage()?.removeItem(draftKey(personId, form));

/** Takes the fields of `template` from a stored value where each has the template's type; null if none do. */
export const sameShape = <T extends object>(template: T, raw: unknown): T | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const from = raw as Record<string, unknown>;
  let any = false;
  const out = { ...template } as Record<string, unknown>;
  for (const [k, v] of Object.entries(template)) {
    if (typeof from[k] === typeof v) {
      out[k] = from[k];
      any = true;
    }
  }
  return any ? (out as T) : null;
};

export interface Draft<T> {
  values: T;
  setValues: (next: SetStateAction<T>) => void;
  /** The values differ from the empty form: leaving would lose them without the draft. */
  changed: boolean;
  /** When the draft shown was saved, if the form opened with one. */
  restoredAt: Date | null;
  /** Throws the draft away and empties the form. */
  discard: () => void;
  /** The form was sent: the draft goes, and leaving is no longer guarded. */
  sent: () => void;
  /** Whether leaving now would lose typing; read at the moment of leaving, so a navigation in the same tick as
   * `sent` is not held. */
  shouldWarn: () => boolean;
}

/**
 * A form's values, kept as a draft for the signed-in person under `form` while they differ from `empty`
 * (`form` null: the values are only held, not kept).
 */
export const useDraft = <T>(
  form: string | null,
  empty: () => T,
  parse: (values: unknown) => T | null,
): Draft<T> => {
  const { me } = useSession();
  const [emptyValues] = useState(empty);
  const [restored] = useState(() => (form ? readDraft(me.id, form, parse) : null));
  const [values, setState] = useState<T>(() => restored?.values ?? emptyValues);
  const [restoredAt, setRestoredAt] = useState<Date | null>(restored?.savedAt ?? null);
  const changed = JSON.stringify(values) !== JSON.stringify(emptyValues);
  const sending = useRef(false);

  useEffect(() => {
    if (sending.current || !form) return;
    if (changed) writeDraft(me.id, form, values);
    else clearDraft(me.id, form);
  }, [changed, values, me.id, form]);

  const setValues = useCallback((next: SetStateAction<T>) => {
    sending.current = false;
    setState(next);
  }, []);
  const discard = useCallback(() => {
    if (form) clearDraft(me.id, form);
    setState(emptyValues);
    setRestoredAt(null);
  }, [me.id, form, emptyValues]);
  const sent = useCallback(() => {
    sending.current = true;
    if (form) clearDraft(me.id, form);
  }, [me.id, form]);

  const shouldWarn = useCallback(() => changed && !sending.current, [changed]);

  return { values, setValues, changed, restoredAt, discard, sent, shouldWarn };
};
