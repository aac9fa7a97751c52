import { app, authentication, dialog, pages } from '@microsoft/teams-js';

const teamsPages = { pages };
import type { TokenSource } from '../api/client';

/**
 * Everything the tab asks of Teams, in one module that is loaded only in Microsoft 365 mode: teams-js is
 * not needed in a browser against the embedded default, and on loading it fetches Teams' list of valid
 * origins, which local mode has no reason to do.
 */
export interface TeamsSession {
  theme: string;
  subPageId: string | null;
  onThemeChange: (handler: (theme: string) => void) => void;
  tokens: TokenSource;
}

export const startTeams = async (): Promise<TeamsSession> => {
  await app.initialize();
  const context = await app.getContext();
  return {
    theme: context.app.theme,
    subPageId: context.page.subPageId ?? null,
    onThemeChange: (handler) => app.registerOnThemeChangeHandler(handler),
    tokens: {
      // Teams caches and refreshes the token; the tab asks for it on every call and keeps nothing.
      token: () => authentication.getAuthToken(),
      // A refused Teams token is not fixed by reloading; the page shows the error with its next step.
      unauthenticated: () => undefined,
    },
  };
};

/**
 * Closes the dialog this page runs in (opened by "File to case" from a message), handing `result` to the
 * bot, which answers in the conversation.
 */
export const submitDialog = (result: Record<string, string>): void => {
  dialog.url.submit(result);
};

/**
 * The channel tab's configuration: when the team owner picks a division, Teams saves a content URL that
 * opens the ward view of that division. Called on every choice; Teams calls the save handler once.
 */
export const offerChannelTab = (choice: { wardId: string; wardName: string } | null): void => {
  const { pages } = teamsPages;
  if (!choice) {
    pages.config.setValidityState(false);
    return;
  }
  const contentUrl = `${window.location.origin}/tab/ward/${encodeURIComponent(choice.wardId)}`;
  pages.config.registerOnSaveHandler((save) => {
    pages.config
      .setConfig({
        entityId: `ward-${choice.wardId}`,
        contentUrl,
        websiteUrl: contentUrl,
        suggestedDisplayName: `${choice.wardName} casework`,
      })
      .then(
        () => save.notifySuccess(),
        () => save.notifyFailure('The tab could not be saved. Try again.'),
      );
  });
  pages.config.setValidityState(true);
};
