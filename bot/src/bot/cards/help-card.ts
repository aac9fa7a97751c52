import { escapeMarkdown, renderCard, type AdaptiveCard } from './render';
import helpTemplate from './templates/help.json';

/** What the bot can do, with buttons for the two commonest commands and a link to the tab. */
export const helpCard = (input: { displayName: string; tabUrl: string }): AdaptiveCard =>
  renderCard(helpTemplate, {
    greeting: `Hello ${escapeMarkdown(input.displayName)}. I can tell you where your cases stand, raise new ones and pass follow-up questions to departments.`,
    tabUrl: input.tabUrl,
  });
