import type { CaseView } from '../../app/case-view';
import { STATUS_LABELS } from './format';
import { escapeMarkdown, renderCard, type AdaptiveCard } from './render';
import pickTemplate from './templates/file-to-case.json';

/** The verb the picker's submit button carries, and the id of its case choice. */
export const FILE_TO_CASE = { verb: 'fileToCase', caseInput: 'caseRef' } as const;

/** Choice titles are plain text (not Markdown), so they are only shortened, not escaped. */
const choiceTitle = (view: CaseView): string => {
  const title = view.title.length > 80 ? `${view.title.slice(0, 79)}\u2026` : view.title;
  return `${view.ref} \u2014 ${title} (${STATUS_LABELS[view.status]})`;
};

/**
 * The "File to case" dialog (a task module): the message being filed, and the person's open cases to choose
 * from. Submitting sends `composeExtension/submitAction` with the chosen reference.
 */
export const fileToCaseCard = (input: {
  senderName: string;
  sentLabel: string;
  excerpt: string;
  cases: readonly CaseView[];
  error?: string | undefined;
}): AdaptiveCard =>
  renderCard(pickTemplate, {
    senderName: escapeMarkdown(input.senderName),
    sentLabel: input.sentLabel,
    excerpt: escapeMarkdown(input.excerpt),
    hasError: input.error !== undefined,
    errorText: escapeMarkdown(input.error ?? ''),
    cases: input.cases.map((view) => ({ ref: view.ref, choiceTitle: choiceTitle(view) })),
  });
