import { canAdminister } from '../domain/access-policy';
import { DomainError, ForbiddenError } from '../domain/errors';
import type { Actor } from './actor';
import type { AuditEntryDraft, AuditLog, Clock } from './ports';

export interface AdministratorGateDeps {
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** The audit entry an allowed change commits with, with more ids in its detail if need be. */
export type AllowedEntry = (extra?: Record<string, unknown>) => AuditEntryDraft;

/**
 * Runs administrators' work, audited as `action` with the ids in `detail`. Anyone who is not an administrator
 * (`canAdminister`) is refused first, before anything they sent is looked at; then `refusal`, when given (a
 * read-only directory, say); a rule the work breaks is refused too. Every refusal is audited as denied and
 * thrown. `work` gets the entry to commit with its change (reads record it themselves) and the instant.
 */
export const makeAdministratorGate =
  ({ audit, clock }: AdministratorGateDeps) =>
  async <T>(
    actor: Actor,
    action: string,
    detail: Record<string, unknown>,
    work: (allowed: AllowedEntry, at: string) => Promise<T>,
    refusal?: { reason: string; error: DomainError },
  ): Promise<T> => {
    const at = clock.now().toISOString();
    const entry = (
      outcome: AuditEntryDraft['outcome'],
      extra: Record<string, unknown> = {},
    ): AuditEntryDraft => ({
      at,
      actorId: actor.person.id,
      action,
      outcome,
      requestId: actor.requestId,
      detail: { ...detail, ...extra },
    });
    if (!canAdminister(actor.person)) {
      await audit.record(entry('denied', { reason: 'forbidden' }));
      throw new ForbiddenError('Only administrators may do that.');
    }
    if (refusal) {
      await audit.record(entry('denied', { reason: refusal.reason }));
      throw refusal.error;
    }
    try {
      return await work((extra) => entry('allowed', extra), at);
    } catch (error) {
      // The change was rolled back; the refusal itself is still part of the audit trail.
      if (error instanceof DomainError) await audit.record(entry('denied', { code: error.code }));
      throw error;
    }
  };

export type AdministratorGate = ReturnType<typeof makeAdministratorGate>;
