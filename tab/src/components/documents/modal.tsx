import { Dialog, DialogSurface, makeStyles } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

const useStyles = makeStyles({
  wide: { maxWidth: 'min(64rem, 95vw)', width: '100%' },
  medium: { maxWidth: 'min(48rem, 95vw)', width: '100%' },
});

/** Runs `run` when it unmounts: when the dialog's surface has gone, after its closing motion. */
const WhenGone = ({ run }: { run: () => void }) => {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => () => latest.current(), []);
  return null;
};

/**
 * What a dialog is showing, and whether it is open. The value stays while the dialog closes, so its content
 * does not change as it fades out; `returnFocus` puts focus back on the control that opened it, or (when that
 * control has gone with a removed row) wherever `fallbackFocus` puts it.
 */
export const useModal = <T,>(fallbackFocus: () => void = () => undefined) => {
  const [state, setState] = useState<{ isOpen: boolean; value: T | null }>({ isOpen: false, value: null });
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((value: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setState({ isOpen: true, value });
  }, []);
  const close = useCallback(() => setState((s) => ({ ...s, isOpen: false })), []);
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;
  const returnFocus = useCallback(() => {
    if (opener.current?.isConnected) opener.current.focus();
    else fallback.current();
    opener.current = null;
  }, []);
  return { ...state, open, close, returnFocus };
};

/**
 * A Fluent modal dialog kept mounted and opened by `open`, so Fluent closes it properly (its motion, the page
 * shown again to assistive technology) and focus goes back where it was.
 */
export const Modal = ({
  open,
  onDismiss,
  onClosed,
  size = 'normal',
  describedByContent = false,
  children,
}: {
  open: boolean;
  /** Escape, or a click outside. */
  onDismiss: () => void;
  /** Once it has gone. */
  onClosed: () => void;
  /** Wide for a preview, medium for a list to choose from. */
  size?: 'normal' | 'medium' | 'wide';
  /** Whether the whole content describes the dialog (a short confirmation), as Fluent does by default. */
  describedByContent?: boolean;
  children: ReactNode;
}) => {
  const styles = useStyles();
  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_e, data) => {
        if (!data.open) onDismiss();
      }}
    >
      <DialogSurface
        className={size === 'normal' ? undefined : styles[size]}
        {...(describedByContent ? {} : { 'aria-describedby': undefined })}
      >
        <WhenGone run={onClosed} />
        {children}
      </DialogSurface>
    </Dialog>
  );
};
