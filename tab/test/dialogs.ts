import { screen, waitFor } from '@testing-library/react';

/**
 * The dialog called `name`, once it is the page's modal: shown to assistive technology, with the page behind
 * it hidden. Under jsdom, Fluent's focus manager (tabster) sometimes registers the dialog only after focus
 * has moved into it, and then hides the dialog itself until focus moves again; moving focus inside it once
 * more settles it, as a person's next keystroke would. Acting on a dialog before then can leave the page
 * hidden after the dialog has gone.
 */
export const openDialog = async (name: string | RegExp) => {
  // Found by its title's text: while tabster still hides it, the dialog has no accessible name to match.
  const dialog = await waitFor(() => {
    const found = [
      ...screen.queryAllByRole('dialog', { hidden: true }),
      ...screen.queryAllByRole('alertdialog', { hidden: true }),
    ].find((d) => {
      const title = document.getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent ?? '';
      return typeof name === 'string' ? title === name : name.test(title);
    });
    if (!found) throw new Error(`no dialog called ${String(name)}`);
    return found;
  });
  const page = document.querySelector('[data-theme]');
  await waitFor(() => {
    if (dialog.getAttribute('aria-hidden') === 'true')
      dialog
        .querySelector<HTMLElement>('input:not([data-tabster-dummy]), button:not([data-tabster-dummy])')
        ?.focus();
    expect(dialog.getAttribute('aria-hidden')).toBeNull();
    expect(page?.closest('[aria-hidden="true"]')).toBeTruthy();
  });
  return dialog;
};

/** Waits until no dialog is open and the page is shown to assistive technology again. */
export const dialogClosed = () =>
  waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(
      document.querySelector('[aria-hidden="true"] [data-theme], [data-theme][aria-hidden="true"]'),
    ).toBeNull();
  });
