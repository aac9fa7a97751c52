import { useEffect, type RefObject } from 'react';

const INVALID = '[aria-invalid="true"], [data-invalid="true"] input';

/**
 * After a submit that found mistakes, moves focus to the first field in error, so keyboard and screen reader
 * users land on the message rather than having to look for it. `errors` is a new object on every check.
 */
export const useFocusFirstInvalid = (container: RefObject<HTMLElement | null>, errors: object): void => {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    container.current?.querySelector<HTMLElement>(INVALID)?.focus();
  }, [container, errors]);
};
