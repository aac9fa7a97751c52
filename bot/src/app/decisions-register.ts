import { randomUUID } from 'node:crypto';
import { canBriefing } from '../domain/access-policy';
import {
  canonicalJson,
  decisionIssues,
  importChanges,
  type Decision,
  type DecisionDraft,
  type DecisionSourceKind,
} from '../domain/decision';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { WardId } from '../domain/ids';
import { suggestWardsFromText } from '../domain/ward-mentions';
import type { Actor } from './actor';
import type { DecisionFilter, DecisionStore } from './briefing-ports';
import type { AuditEntryDraft, AuditLog, Clock, Directory } from './ports';

/** One row of an import as the importer read it: a decision, or why it could not be read. */
export type ImportRow =
  | { label: string; draft: DecisionDraft }
  | { label: string; problem: string }
  /** Read, but not a decision to import (a list page whose decisions come from their own pages). */
  | { label: string; skipped: string };

export type ImportOutcome = 'added' | 'updated' | 'unchanged' | 'refused' | 'skipped';

/** What an import did, row by row. */
export interface ImportReport {
  source: DecisionSourceKind;
  added: number;
  updated: number;
  unchanged: number;
  refused: number;
  skipped: number;
  rows: { label: string; outcome: ImportOutcome; decisionId?: string; title?: string; reason?: string }[];
}

export interface DecisionsRegisterDeps {
  decisions: DecisionStore;
  directory: Pick<Directory, 'wards'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  newId?: () => string;
}

const textOf = (d: DecisionDraft) => [d.title, d.summary, d.reasons, d.takingPart].join('\n');

/**
 * The decisions register: list, add, edit, confirm wards, and import (CSV, modern.gov). Reading is for anyone
 * with a role; changes for support officers and administrators. Every change is audited; imports once per
 * import with the counts, and once per decision added or updated.
 */
export const makeDecisionsRegister = ({
  decisions,
  directory,
  audit,
  clock,
  newId = randomUUID,
}: DecisionsRegisterDeps) => {
  const entry = (actor: Actor, action: string, detail: Record<string, unknown>): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId: actor.person.id,
    action,
    outcome: 'allowed',
    requestId: actor.requestId,
    detail,
  });

  const require = async (actor: Actor, op: 'read-decisions' | 'manage-decisions', action: string) => {
    if (canBriefing(actor.person, op)) return;
    await audit.record({ ...entry(actor, action, { reason: 'forbidden' }), outcome: 'denied' });
    throw new ForbiddenError(
      op === 'read-decisions'
        ? 'The decisions register is for councillors and officers.'
        : 'Only support officers and administrators can change the decisions register.',
    );
  };

  const wardSet = async () => new Set((await directory.wards()).map((w) => w.id));

  const check = async (draft: DecisionDraft) => {
    const issues = decisionIssues(draft, await wardSet());
    if (issues.length > 0) throw new ValidationError('The decision is not complete.', issues);
  };

  const suggestions = async (draft: DecisionDraft): Promise<WardId[]> =>
    suggestWardsFromText(textOf(draft), await directory.wards());

  const list = async (actor: Actor, filter: DecisionFilter): Promise<Decision[]> => {
    await require(actor, 'read-decisions', 'decision.list');
    return decisions.list(filter);
  };

  const get = async (actor: Actor, id: string): Promise<Decision> => {
    await require(actor, 'read-decisions', 'decision.read');
    const found = await decisions.get(id);
    if (!found) throw new NotFoundError('decision');
    return found;
  };

  const create = async (actor: Actor, draft: DecisionDraft): Promise<Decision> => {
    await require(actor, 'manage-decisions', 'decision.create');
    await check(draft);
    const now = clock.now().toISOString();
    const decision: Decision = {
      ...draft,
      id: newId(),
      version: 1,
      suggestedWards: await suggestions(draft),
      createdAt: now,
      updatedAt: now,
    };
    return decisions.create(decision, entry(actor, 'decision.create', { decisionId: decision.id }));
  };

  const update = async (actor: Actor, id: string, draft: DecisionDraft, expectedVersion: number) => {
    await require(actor, 'manage-decisions', 'decision.update');
    const current = await decisions.get(id);
    if (!current) throw new NotFoundError('decision');
    await check(draft);
    const next: Decision = {
      ...current,
      ...draft,
      // Where a decision came from does not change by editing it.
      source: current.source,
      suggestedWards: await suggestions(draft),
      updatedAt: clock.now().toISOString(),
    };
    return decisions.update(next, expectedVersion, entry(actor, 'decision.update', { decisionId: id }));
  };

  /**
   * Applies an importer's rows: a row whose source key is new is added, one whose content changed is updated
   * (wards an officer confirmed are kept unless the source states wards itself), the same content changes
   * nothing. A row that cannot be read, or breaks a rule, is refused with the reason and changes nothing.
   */
  const importRows = async (
    actor: Actor,
    source: DecisionSourceKind,
    rows: readonly ImportRow[],
  ): Promise<ImportReport> => {
    await require(actor, 'manage-decisions', 'decision.import');
    const known = await wardSet();
    const wards = await directory.wards();
    const report: ImportReport = {
      source,
      added: 0,
      updated: 0,
      unchanged: 0,
      refused: 0,
      skipped: 0,
      rows: [],
    };
    const seen = new Set<string>();
    for (const row of rows) {
      if ('skipped' in row) {
        report.skipped += 1;
        report.rows.push({ label: row.label, outcome: 'skipped', reason: row.skipped });
        continue;
      }
      if ('problem' in row) {
        report.refused += 1;
        report.rows.push({ label: row.label, outcome: 'refused', reason: row.problem });
        continue;
      }
      const suggested = suggestWardsFromText(textOf(row.draft), wards);
      // Wards the source does not state are suggested from the text, for an officer to confirm.
      const draft: DecisionDraft = row.draft.wardsConfirmed ? row.draft : { ...row.draft, wards: suggested };
      const issues = decisionIssues(draft, known);
      const key = draft.source.key;
      if (issues.length > 0 || key === null || seen.has(key)) {
        report.refused += 1;
        report.rows.push({
          label: row.label,
          outcome: 'refused',
          title: draft.title,
          reason:
            key === null
              ? 'It has no reference to recognise it by on a later import.'
              : seen.has(key)
                ? `Its reference ${key} appears more than once in this import.`
                : issues.map((i) => `${i.path}: ${i.message}`).join(' '),
        });
        continue;
      }
      seen.add(key);
      const stored = await decisions.bySource(draft.source.kind, key);
      const now = clock.now().toISOString();
      if (!stored) {
        const decision: Decision = {
          ...draft,
          id: newId(),
          version: 1,
          suggestedWards: suggested,
          createdAt: now,
          updatedAt: now,
        };
        await decisions.create(
          decision,
          entry(actor, 'decision.create', { decisionId: decision.id, source: draft.source.kind }),
        );
        report.added += 1;
        report.rows.push({ label: row.label, outcome: 'added', decisionId: decision.id, title: draft.title });
        continue;
      }
      const wardsChange = draft.wardsConfirmed && canonicalJson(draft.wards) !== canonicalJson(stored.wards);
      if (!importChanges(stored, draft) && !wardsChange) {
        report.unchanged += 1;
        report.rows.push({
          label: row.label,
          outcome: 'unchanged',
          decisionId: stored.id,
          title: stored.title,
        });
        continue;
      }
      const next: Decision = {
        ...stored,
        ...draft,
        wards: draft.wardsConfirmed ? draft.wards : stored.wardsConfirmed ? stored.wards : draft.wards,
        wardsConfirmed: draft.wardsConfirmed || stored.wardsConfirmed,
        suggestedWards: suggested,
        updatedAt: now,
      };
      await decisions.update(
        next,
        stored.version,
        entry(actor, 'decision.update', { decisionId: stored.id, source: draft.source.kind }),
      );
      report.updated += 1;
      report.rows.push({ label: row.label, outcome: 'updated', decisionId: stored.id, title: draft.title });
    }
    await audit.record(
      entry(actor, 'decision.import', {
        source,
        added: report.added,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refused,
        skipped: report.skipped,
      }),
    );
    return report;
  };

  /** Refuses (audited) a person who may not import, before an upload is read. */
  const checkCanImport = (actor: Actor) => require(actor, 'manage-decisions', 'decision.import');

  return { list, get, create, update, importRows, checkCanImport };
};

export type DecisionsRegister = ReturnType<typeof makeDecisionsRegister>;
