import { useEffect } from 'react';

/** Calls `tick` every `intervalMs` while `active`, so a page follows work in progress without reloading. */
export const usePolling = (tick: () => void, active: boolean, intervalMs = 1500): void => {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(tick, intervalMs);
    return () => window.clearInterval(timer);
  }, [tick, active, intervalMs]);
};
