import { installObjectUrls } from './object-urls';
import { mediaQueryList } from './viewport';

// jsdom lacks a few browser APIs that Fluent UI and the tab use; these are the browser's plain behaviour.
if (!window.matchMedia) window.matchMedia = (query: string) => mediaQueryList(query, false);

if (!('ResizeObserver' in window)) {
  class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.assign(window, { ResizeObserver });
}

/*
 * jsdom lays nothing out: every element's offsetParent is null and <body> measures 0 × 0, so Fluent's focus
 * manager (tabster, Focusable.isVisible) takes every element for hidden. A Dialog then finds no first field
 * to focus and focuses its own surface instead; when that happens before tabster has registered the surface
 * as a modal, tabster never makes it the active one and hides the dialog itself with aria-hidden, so it has
 * no accessible name until focus moves again. A browser focuses the first field and shows the dialog. Here an
 * element in the document and not inside [hidden] is rendered, inside a body the size of the window.
 */
Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
  configurable: true,
  get(this: HTMLElement) {
    if (!this.isConnected || this === document.body || this.closest('[hidden]')) return null;
    return this.parentElement === document.documentElement ? null : document.body;
  },
});
document.body.getBoundingClientRect = () => {
  const [width, height] = [window.innerWidth, window.innerHeight];
  const box = { x: 0, y: 0, left: 0, top: 0, width, height, right: width, bottom: height };
  return { ...box, toJSON: () => box }; // jsdom has no DOMRect
};

installObjectUrls();

// Drafts live in localStorage (app/drafts.ts): each test starts with none.
afterEach(() => window.localStorage.clear());
