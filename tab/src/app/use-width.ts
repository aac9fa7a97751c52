import { useCallback, useSyncExternalStore } from 'react';

/**
 * The tab's two layout thresholds, as media queries so that they follow the window (Teams mobile, a tablet,
 * a narrow Teams window on a desktop) and the person's zoom level:
 * - `phone`: under 640 px, where the header folds its navigation behind a "Menu" button;
 * - `compact`: under 1024 px, where lists of cases read as one compact item per case instead of a table.
 */
export const WIDTH_QUERIES = {
  phone: '(max-width: 639.98px)',
  compact: '(max-width: 1023.98px)',
} as const;

/** Whether `query` matches now; re-renders when that changes. False where matchMedia is missing. */
export const useMediaQuery = (query: string): boolean => {
  const subscribe = useCallback(
    (changed: () => void) => {
      const list = window.matchMedia?.(query);
      list?.addEventListener?.('change', changed);
      return () => list?.removeEventListener?.('change', changed);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia?.(query).matches ?? false,
    () => false,
  );
};

/** Under 640 px wide: a phone, or Teams' narrowest panes. */
export const usePhoneWidth = (): boolean => useMediaQuery(WIDTH_QUERIES.phone);

/** Under 1024 px wide: a phone or a tablet in portrait, where tables give way to compact lists. */
export const useCompactWidth = (): boolean => useMediaQuery(WIDTH_QUERIES.compact);
