import type { PersonId } from '../domain/ids';
import type { Role } from '../domain/person';
import { suggestWard as suggestWardFor } from '../domain/ward';
import type { Actor } from './actor';
import type { CaseCategories, OfferedCategory } from './case-categories';
import type { AuditEntryDraft, AuditLog, Clock, Department, Directory, Ward } from './ports';

/** A person as every signed-in person may see them: enough to name them and pick them; no e-mail, no object id. */
export interface DirectoryPerson {
  id: PersonId;
  displayName: string;
  roles: Role[];
  departmentId?: string | undefined;
  wardIds?: string[] | undefined;
}

export interface DirectoryListing {
  wards: Ward[];
  departments: Department[];
  people: DirectoryPerson[];
  /** The active case categories from the managed list, in pick-list order: what a case may be given. */
  categories: OfferedCategory[];
}

export interface WardSuggestion {
  postcode: string;
  ward: Pick<Ward, 'id' | 'name'> | null;
}

export interface CouncilDirectoryDeps {
  directory: Pick<Directory, 'wards' | 'departments' | 'people'>;
  categories: Pick<CaseCategories, 'offered'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

const entry = (actor: Actor, at: Date, action: string, detail: Record<string, unknown>): AuditEntryDraft => ({
  at: at.toISOString(),
  actorId: actor.person.id,
  action,
  outcome: 'allowed',
  requestId: actor.requestId,
  detail,
});

/**
 * The council's wards, departments, people and case categories, for naming them and filling pickers in the tab; and a ward
 * suggested from a postcode. Open to every registered person (the access policy restricts cases, not the
 * council's structure), and audited like every read.
 */
export const makeCouncilDirectory = ({ directory, categories, audit, clock }: CouncilDirectoryDeps) => {
  const read = async (actor: Actor): Promise<DirectoryListing> => {
    const [wards, departments, people, offered] = await Promise.all([
      directory.wards(),
      directory.departments(),
      directory.people(),
      categories.offered(),
    ]);
    await audit.record(
      entry(actor, clock.now(), 'directory.read', {
        wards: wards.length,
        departments: departments.length,
        people: people.length,
      }),
    );
    return {
      wards: wards.map((w) => ({ id: w.id, name: w.name, postcodePrefixes: [...w.postcodePrefixes] })),
      departments: departments.map((d) => ({ id: d.id, name: d.name })),
      people: people.map((p) => ({
        id: p.id,
        displayName: p.displayName,
        roles: [...p.roles],
        ...(p.departmentId !== undefined ? { departmentId: p.departmentId } : {}),
        ...(p.wardIds !== undefined ? { wardIds: [...p.wardIds] } : {}),
      })),
      categories: offered,
    };
  };

  /** `postcode` is already checked and normalised (`WQ1 2AB`) by the caller. */
  const suggestWard = async (actor: Actor, postcode: string): Promise<WardSuggestion> => {
    const ward = suggestWardFor(postcode, await directory.wards());
    // The postcode is a constituent's, so it stays out of the audit log: only the answer is recorded.
    await audit.record(entry(actor, clock.now(), 'ward.suggest', { wardId: ward?.id ?? null }));
    return { postcode, ward: ward ? { id: ward.id, name: ward.name } : null };
  };

  return { read, suggestWard };
};

export type CouncilDirectory = ReturnType<typeof makeCouncilDirectory>;
