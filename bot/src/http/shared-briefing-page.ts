import { monthName, type BriefingDecision, type DecisionBriefingContent } from '../domain/briefing';
import { publicDecisionLines } from '../domain/shareable-briefing';

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The shareable decision briefing as a plain, self-contained web page (no script, no tracking, no links into
 * Members' Hub): the public record a member forwards to a parish council or residents. Every value is escaped.
 */
export const renderSharedBriefingPage = (
  content: DecisionBriefingContent,
  council: { name: string },
  pdfHref?: string,
): string => {
  const title = `Decision briefing: ${monthName(content.period)}`;
  const decision = (d: BriefingDecision, forthcoming: boolean) => {
    const lines = publicDecisionLines(d, forthcoming);
    const paragraphs = lines.body
      .filter(([label]) => !d.links.some((l) => l.title === label))
      .map(
        ([label, value]) =>
          `<p>${label ? `<strong>${escapeHtml(label)}:</strong> ` : ''}${escapeHtml(value)}</p>`,
      )
      .join('');
    const links = d.links.length
      ? `<ul>${d.links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a></li>`).join('')}</ul>`
      : '';
    return `<article><h3>${escapeHtml(d.title)}</h3><p class="meta">${escapeHtml(lines.meta)}</p>${paragraphs}${links}</article>`;
  };
  const section = (heading: string, ds: readonly BriefingDecision[], forthcoming: boolean, none: string) =>
    `<section><h2>${escapeHtml(heading)}</h2>${ds.length ? ds.map((d) => decision(d, forthcoming)).join('') : `<p>${none}</p>`}</section>`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${council.name}: ${title}`)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.75rem;margin:.25rem 0 1rem}h2{font-size:1.35rem;margin-top:2rem;border-bottom:1px solid #8a8a8a}
h3{font-size:1.1rem;margin-bottom:.25rem}.meta{color:#4a4a4a;margin-top:0}a{color:#0b57a4}article{margin-bottom:1.25rem}
</style>
</head>
<body>
<header><p>${escapeHtml(council.name)}</p><h1>${escapeHtml(title)}</h1>
<p>Decisions taken, with the reasons for them, and key decisions coming up.${pdfHref ? ` <a href="${escapeHtml(pdfHref)}">Download as PDF</a>` : ''}</p></header>
<main>
${section(`Decisions taken in ${monthName(content.period)}`, content.decisionsTaken, false, 'No decisions were recorded as taken.')}
${section('Key decisions coming up', content.keyDecisionsComing, true, 'No key decisions are on the forward plan yet.')}
<section><h2>Attending and watching meetings</h2><p>Council, Cabinet and committee meetings are open to the public, except for confidential items. Most are webcast live and can be watched afterwards. Each decision above says how to take part.</p></section>
</main>
</body>
</html>
`;
};
