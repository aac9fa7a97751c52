import { Template } from 'adaptivecards-templating';

/** An Adaptive Card (schema 1.5) as JSON, ready to attach to an activity. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

const compiled = new WeakMap<object, Template>();

/**
 * Characters that Adaptive Cards' TextBlock renders as Markdown. User text (titles, descriptions, names) is
 * escaped so it is shown as typed and can never become a link, an image or formatting.
 */
const MARKDOWN = /[\\`*_{}[\]()#+\-.!|<>~]/g;
export const escapeMarkdown = (text: string): string => text.replace(MARKDOWN, (ch) => `\\${ch}`);

/**
 * Expands a card template (adaptivecards-templating). Templates are JSON files under `templates/`, imported
 * as modules (`import statusCard from './templates/status.json'`) so the build carries them into `dist/`.
 * Escape user-supplied strings with `escapeMarkdown` before they reach a TextBlock.
 */
export const renderCard = (template: object, data: Record<string, unknown>): AdaptiveCard => {
  let engine = compiled.get(template);
  if (!engine) {
    engine = new Template(template);
    compiled.set(template, engine);
  }
  return engine.expand({ $root: data }) as AdaptiveCard;
};

/** Wraps a card as a Bot Framework attachment. */
export const cardAttachment = (card: AdaptiveCard) => ({
  contentType: ADAPTIVE_CARD_CONTENT_TYPE,
  content: card,
});
