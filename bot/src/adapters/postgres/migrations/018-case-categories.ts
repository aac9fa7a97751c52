import type { Migration } from './migration';

/**
 * Categories as a managed pick list (issue 16): free text had split "Potholes" from "Roads and pavements" in
 * the reports.
 *
 * `case_categories` is the list administrators keep: a stable slug `id`, a display `name` unique whatever its
 * case, `active` (a retired category is no longer offered for new cases; cases that have it keep it) and the
 * order it is offered in. It starts with the demo council's categories (a county council's usual topics,
 * which administrators may rename, retire or merge) and every category already typed on a case, spelt as most
 * cases spell it, so an existing install keeps working.
 *
 * Cases keep the category's display name in `doc` (what every API response, card and filter carries); the
 * managed list is the authority on which names exist, and renaming or merging a category rewrites the name
 * on its cases in the same transaction (adapters/postgres/postgres-case-categories.ts), so no case is left
 * with a name that is no longer on the list. Here existing cases get the list's spelling of their category
 * (`potholes ` becomes `Potholes`), and an index serves those rewrites and filters by category.
 */
export const caseCategories: Migration = {
  version: 18,
  name: 'case-categories',
  statements: [
    `CREATE TABLE case_categories (
       id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 120),
       name       text NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 100),
       active     boolean NOT NULL DEFAULT true,
       sort_order integer NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE UNIQUE INDEX case_categories_name_key ON case_categories (lower(name))`,
    // One row per name whatever its case: the default list's spelling first, else the spelling most cases use.
    // Ids are slugs of the name; a second name with the same slug ("Roads & pavements", "Roads pavements")
    // gets a suffix from its own digest, which no slug of ordinary words can equal.
    `INSERT INTO case_categories (id, name, sort_order)
     SELECT CASE WHEN s.nth = 1 THEN s.slug ELSE s.slug || '-' || substr(md5(s.name), 1, 8) END, s.name, s.position
       FROM (
         SELECT r.name, r.position, r.slug, row_number() OVER (PARTITION BY r.slug ORDER BY r.position) AS nth
           FROM (
             SELECT c.name,
                    row_number() OVER (ORDER BY c.rank, lower(c.name))::integer AS position,
                    coalesce(nullif(btrim(regexp_replace(lower(c.name), '[^a-z0-9]+', '-', 'g'), '-'), ''),
                             'category') AS slug
               FROM (
                 SELECT DISTINCT ON (lower(x.name)) x.name, x.rank
                   FROM (
                     SELECT d.name, d.rank::integer AS rank, 0::bigint AS uses
                       FROM unnest(ARRAY[
                              'Drainage and flooding', 'Roads and pavements', 'Street lighting', 'Parking',
                              'Bin collections', 'Fly-tipping', 'Grounds and verges', 'Care assessments',
                              'Adaptations', 'Early help', 'SEND', 'School transport', 'School admissions',
                              'Planning applications', 'Regeneration'
                            ]::text[]) WITH ORDINALITY AS d(name, rank)
                     UNION ALL
                     SELECT left(btrim(c.doc->>'category'), 100), 1000, count(*)
                       FROM cases c
                      WHERE btrim(coalesce(c.doc->>'category', '')) <> ''
                      GROUP BY 1
                   ) x
                  ORDER BY lower(x.name), x.rank, x.uses DESC, x.name
               ) c
           ) r
       ) s`,
    `UPDATE cases c SET doc = jsonb_set(c.doc, '{category}', to_jsonb(k.name))
       FROM case_categories k
      WHERE lower(left(btrim(c.doc->>'category'), 100)) = lower(k.name) AND c.doc->>'category' <> k.name`,
    `CREATE INDEX cases_category ON cases ((doc->>'category'))`,
  ],
};
