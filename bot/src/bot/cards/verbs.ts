/**
 * The verbs of the buttons that ask the bot for something (Universal Actions, `Action.Execute`), as the
 * templates carry them. The answer replaces the card the button was on.
 */
export const NAVIGATION_VERBS = {
  /** One case's status card; data `{ ref }`. */
  showCase: 'showCase',
  /** The member's open cases; data `{ page }` (1 when absent). */
  myCases: 'myCases',
  /** The new-case form. */
  newCase: 'newCase',
} as const;
