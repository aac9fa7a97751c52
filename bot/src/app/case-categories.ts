import { activeCategoryNamed, type CaseCategory, type CaseCategoryWithUse } from '../domain/case-category';
import { UnknownChoiceError } from '../domain/errors';
import type { Actor } from './actor';
import { makeAdministratorGate } from './administrator-gate';
import type { AuditLog, CaseCategoryStore, Clock } from './ports';

export interface CaseCategoriesDeps {
  store: CaseCategoryStore;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** A category as anyone who raises or routes cases is offered it. */
export type OfferedCategory = Pick<CaseCategory, 'id' | 'name'>;

/**
 * The managed category list (issue 16): what is offered for new cases, the check every path that sets a
 * case's category makes, and administrators' changes to the list (audited, with the number of cases a
 * rename or merge moved; a refusal is audited as denied).
 */
export const makeCaseCategories = ({ store, audit, clock }: CaseCategoriesDeps) => {
  const asAdministrator = makeAdministratorGate({ audit, clock });

  /**
   * Reads the list once and answers a check to run later (inside a case's transaction, after the access
   * decision): the list's spelling of the active category called `name` (any case).
   * The check throws UnknownChoiceError naming `category` when there is none, or it is retired.
   */
  const activeChecker = async (): Promise<(name: string) => string> => {
    const categories = await store.list();
    return (name) => {
      const found = activeCategoryNamed(categories, name);
      if (found === undefined)
        throw new UnknownChoiceError('Choose a category from the list.', [
          { path: 'category', message: 'not a category on the list, or retired' },
        ]);
      return found;
    };
  };

  /** The list's spelling of the active category called `name`; @throws UnknownChoiceError as `activeChecker`. */
  const requireActive = async (name: string): Promise<string> => (await activeChecker())(name);

  return {
    /** The active categories, in pick-list order: what the tab and the bot offer. Not casework: not audited. */
    offered: async (): Promise<OfferedCategory[]> =>
      (await store.list()).filter((c) => c.active).map((c) => ({ id: c.id, name: c.name })),

    requireActive,
    activeChecker,

    /** Every category, retired ones included, with how many cases have each. */
    all: (actor: Actor): Promise<CaseCategoryWithUse[]> =>
      asAdministrator(actor, 'admin.category.read', {}, async (entry) => {
        const categories = await store.listWithUse();
        await audit.record(entry());
        return categories;
      }),

    /*
     * Changes take their input as a function, called once the person is known to be an administrator: the
     * access decision comes before any check of what they sent (a refused person learns nothing from a 400).
     */
    add: (actor: Actor, input: () => { name: string }): Promise<CaseCategory> =>
      asAdministrator(actor, 'admin.category.create', {}, (entry, at) =>
        store.add(input().name, at, entry()),
      ),

    /** Renames and/or retires or restores the category; a rename rewrites it on every case that has it. */
    update: (
      actor: Actor,
      id: string,
      input: () => { name?: string | undefined; active?: boolean | undefined },
    ): Promise<CaseCategory> =>
      asAdministrator(actor, 'admin.category.update', { categoryId: id }, async (entry, at) => {
        const { name, active } = input();
        let changed: CaseCategory | undefined;
        if (name !== undefined)
          changed = await store.rename(id, name, at, ({ cases }) => entry({ change: 'rename', cases }));
        if (active !== undefined)
          changed = await store.setActive(id, active, at, entry({ change: active ? 'restore' : 'retire' }));
        if (!changed) throw new Error('An update names neither a name nor active (the schema requires one).');
        return changed;
      }),

    reorder: (actor: Actor, input: () => { ids: readonly string[] }): Promise<CaseCategoryWithUse[]> =>
      asAdministrator(actor, 'admin.category.reorder', {}, async (entry, at) => {
        const { ids } = input();
        await store.reorder(ids, at, entry({ count: ids.length }));
        return store.listWithUse();
      }),

    /** Moves every case of `fromId` into `intoId` and removes `fromId`; audited with the number moved. */
    merge: (
      actor: Actor,
      fromId: string,
      input: () => { intoId: string },
    ): Promise<{ into: CaseCategory; cases: number }> =>
      asAdministrator(actor, 'admin.category.merge', { categoryId: fromId }, async (entry, at) => {
        const { intoId } = input();
        if (fromId === intoId)
          throw new UnknownChoiceError('Choose another category to merge into.', [
            { path: 'intoId', message: 'the category being merged' },
          ]);
        return store.merge(fromId, intoId, at, ({ cases, from, into }) =>
          entry({ intoId, cases, from: from.name, into: into.name }),
        );
      }),
  };
};

export type CaseCategories = ReturnType<typeof makeCaseCategories>;
