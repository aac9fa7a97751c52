import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useBlocker } from 'react-router';

/**
 * Warns before a changed form is left: a reload, a closed window or another address gets the browser's own
 * "Leave site?" question (`beforeunload`); a link or Back inside the tab gets this dialog. What was typed is
 * kept as a draft either way (`app/drafts.ts`), so the words say so.
 */
export const LeaveGuard = ({ shouldWarn, what }: { shouldWarn: () => boolean; what: string }) => {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!shouldWarn()) return;
      event.preventDefault();
      // Older Chromium-based hosts (Teams' webview among them) still need returnValue set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [shouldWarn]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      shouldWarn() &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  return (
    <Dialog
      open={blocker.state === 'blocked'}
      modalType="alert"
      onOpenChange={(_e, data) => !data.open && blocker.reset?.()}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Leave {what}?</DialogTitle>
          <DialogContent>
            What you typed has not been sent. It is kept as a draft on this device, for you only, and comes
            back when you return here.
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => blocker.reset?.()}>
              Stay here
            </Button>
            <Button onClick={() => blocker.proceed?.()}>Leave</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
};
