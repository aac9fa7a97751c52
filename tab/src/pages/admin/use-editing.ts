import { useRef, useState } from 'react';

/**
 * Which record a panel's dialog is adding (`record: null`) or changing, and the confirmation of the last
 * save. The record stays while the dialog closes, so its content does not change as it fades out; `session`
 * gives each opening a fresh form. `returnFocus` puts focus back on the button that opened the dialog.
 */
export const useEditing = <T>() => {
  const [state, setState] = useState<{ isOpen: boolean; record: T | null; session: number }>({
    isOpen: false,
    record: null,
    session: 0,
  });
  const [saved, setSaved] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  return {
    ...state,
    saved,
    start: (record: T | null, openedBy: HTMLElement) => {
      opener.current = openedBy;
      setSaved(null);
      setState((s) => ({ isOpen: true, record, session: s.session + 1 }));
    },
    close: () => setState((s) => ({ ...s, isOpen: false })),
    done: (message: string) => {
      setSaved(message);
      setState((s) => ({ ...s, isOpen: false }));
    },
    returnFocus: () => {
      if (opener.current?.isConnected) opener.current.focus();
      opener.current = null;
    },
  };
};
