import type { Migration } from './migration';

/**
 * Search by street and postcode (issue 16). `cases.search` holds the reference, title, category and
 * description; this column holds the constituent's address and postcode (also without its space, so `WQ12AB`
 * finds `WQ1 2AB`), kept apart because not everyone who may find a case may see them: a department officer
 * matches them only on cases whose constituent consented to sharing (`domain/access-policy.ts`,
 * `constituentSearch`). English stemming as for `search`, so a word's start matches either.
 *
 * Also `follow_up_until`, the last day of the follow-up window projected from `doc` as ISO text (a
 * generated column must be immutable, which a cast to date is not; ISO dates compare correctly as text),
 * so the "open" filter (`domain/case-news.ts`) judges responded cases without reading their documents.
 */
export const constituentSearch: Migration = {
  version: 17,
  name: 'constituent-search',
  statements: [
    `ALTER TABLE cases ADD COLUMN search_constituent tsvector GENERATED ALWAYS AS (
       to_tsvector('english'::regconfig,
         coalesce(doc->'constituent'->>'address', '') || ' ' ||
         coalesce(doc->'constituent'->>'postcode', '') || ' ' ||
         replace(coalesce(doc->'constituent'->>'postcode', ''), ' ', ''))
     ) STORED`,
    `CREATE INDEX cases_search_constituent ON cases USING gin (search_constituent)`,
    `ALTER TABLE cases ADD COLUMN follow_up_until text GENERATED ALWAYS AS (doc->>'followUpUntil') STORED`,
  ],
};
