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

installObjectUrls();

// Drafts live in localStorage (app/drafts.ts): each test starts with none.
afterEach(() => window.localStorage.clear());
