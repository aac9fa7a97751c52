import type { CaseView } from '../../app/case-view';
import { STATUS_LABELS, formatDate, slaSummary } from './format';
import { escapeMarkdown, renderCard, type AdaptiveCard } from './render';
import listTemplate from './templates/case-list.json';

/**
 * A short list of cases, each with a button that asks for its status card (verb `showCase`), a "More"
 * button for the next page (verb `myCases`) and a "New case" button (verb `newCase`). A case with news for
 * the reader says "New since you last looked" above its title. Used for `my cases` and to ask which case a
 * question was about.
 */
export const caseListCard = (input: {
  heading: string;
  summary: string;
  items: readonly CaseView[];
  /** The page "More" asks for; undefined when there is no further page. */
  nextPage?: number | undefined;
}): AdaptiveCard =>
  renderCard(listTemplate, {
    heading: escapeMarkdown(input.heading),
    summary: escapeMarkdown(input.summary),
    items: input.items.map((view) => {
      const sla = slaSummary(view);
      return {
        ref: view.ref,
        news: view.news === true,
        title: escapeMarkdown(view.title),
        statusLabel: STATUS_LABELS[view.status],
        dueLabel: formatDate(view.respondBy),
        slaText: sla.text,
        slaColor: sla.color,
        slaWeight: sla.weight,
      };
    }),
    hasMore: input.nextPage !== undefined,
    nextPage: input.nextPage ?? 0,
  });
