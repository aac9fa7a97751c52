import { escapeMarkdown, renderCard, type AdaptiveCard } from './render';
import messageTemplate from './templates/message.json';

/**
 * A card with one sentence: what a button's answer looks like when there is no case to show (not found, not
 * set up, something went wrong). Universal Actions replace the card the button was on with this one.
 */
export const messageCard = (input: {
  text: string;
  title?: string | undefined;
  tone?: 'default' | 'attention' | undefined;
}): AdaptiveCard =>
  renderCard(messageTemplate, {
    hasTitle: input.title !== undefined,
    title: escapeMarkdown(input.title ?? ''),
    text: escapeMarkdown(input.text),
    color: input.tone === 'attention' ? 'Attention' : 'Default',
  });
