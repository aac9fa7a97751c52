import { screen, waitFor } from '@testing-library/react';

/**
 * The dialog called `name`, once it is the page's modal: shown to assistive technology, with the page behind
 * it hidden (Fluent's focus manager hides the page a moment after the dialog takes focus). Acting on a dialog
 * before then can leave the page hidden after the dialog has gone.
 */
export const openDialog = async (name: string | RegExp) => {
  const dialog = await waitFor(
    () => screen.queryByRole('dialog', { name }) ?? screen.getByRole('alertdialog', { name }),
  );
  const page = document.querySelector('[data-theme]');
  await waitFor(() => {
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
