/** A MediaQueryList that answers `matches` and never changes. */
export const mediaQueryList = (query: string, matches: boolean): MediaQueryList =>
  ({
    matches,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as MediaQueryList;

/**
 * Gives jsdom a window `width` pixels wide as far as media queries go (jsdom lays nothing out, and its
 * matchMedia, from setup.ts, matches nothing). Only `(max-width: N px)` and `(min-width: N px)` are understood,
 * which is all the tab asks (app/use-width.ts). Returns a function that puts the previous matchMedia back.
 */
export const setViewportWidth = (width: number): (() => void) => {
  const previous = Object.getOwnPropertyDescriptor(window, 'matchMedia');
  window.matchMedia = (query: string) => {
    const max = /max-width:\s*([\d.]+)px/.exec(query);
    const min = /min-width:\s*([\d.]+)px/.exec(query);
    return mediaQueryList(query, (!max || width <= Number(max[1])) && (!min || width >= Number(min[1])));
  };
  return () => {
    if (previous) Object.defineProperty(window, 'matchMedia', previous);
  };
};
