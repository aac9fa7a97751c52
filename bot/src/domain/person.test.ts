import { reconcileRoles } from './person';

describe('reconcileRoles: which of two readings of Entra ID holds', () => {
  const at = (iso: string) => Date.parse(iso);

  it('takes the later reading, whichever it is', () => {
    const stored = { roles: ['Councillor'] as const, asOf: at('2026-03-02T10:00:00.400Z') };
    const fresh = { roles: [] as const, asOf: at('2026-03-02T10:00:01.000Z') };
    expect(reconcileRoles(stored, fresh)).toEqual(fresh);
    expect(reconcileRoles(fresh, stored)).toEqual(fresh);
  });

  it('keeps only the roles both give when they come from the same second, so a tie never keeps a removed role', () => {
    const sync = { roles: ['Councillor', 'SupportOfficer'] as const, asOf: at('2026-03-02T10:00:00.700Z') };
    const token = { roles: ['SupportOfficer'] as const, asOf: at('2026-03-02T10:00:00.000Z') };
    expect(reconcileRoles(sync, token)).toEqual({ roles: ['SupportOfficer'], asOf: sync.asOf });
    expect(reconcileRoles(token, sync)).toEqual({ roles: ['SupportOfficer'], asOf: sync.asOf });
  });

  it('takes a reading over none at all', () => {
    const fresh = { roles: ['Administrator'] as const, asOf: at('2026-03-02T10:00:00.000Z') };
    expect(reconcileRoles({ roles: [], asOf: -Infinity }, fresh)).toEqual(fresh);
  });
});
