/**
 * A case category from the managed pick list (issue 16). Cases carry the category's display `name`; the list
 * decides which names exist and which are offered for new cases.
 */
export interface CaseCategory {
  /** Stable slug (`roads-and-pavements`): kept when the category is renamed. */
  id: string;
  /** The display name, unique whatever its case. */
  name: string;
  /** Offered for new cases, triage and corrections; a retired category stays on the cases that have it. */
  active: boolean;
  /** Position in the pick list, lowest first. */
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

/** A category as administrators see it: with how many cases have it. */
export type CaseCategoryWithUse = CaseCategory & { cases: number };

export const CATEGORY_NAME_MAX = 100;

/** `Roads & pavements` → `roads-pavements`; a name of no letters or digits → `category`. */
export const categorySlug = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '') || 'category';

/** The same name whatever its case and surrounding space. */
export const sameCategoryName = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The active category a person chose by `name` (any case), or undefined when the name is not on the list or
 * the category is retired. Callers store the list's spelling.
 */
export const activeCategoryNamed = (
  categories: readonly Pick<CaseCategory, 'name' | 'active'>[],
  name: string,
): string | undefined => categories.find((c) => c.active && sameCategoryName(c.name, name))?.name;
