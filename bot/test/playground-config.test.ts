import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_TENANT_ID } from '../src/main';
import { DEMO_COUNCIL } from '../src/seed/demo-council';

/**
 * `.m365agentsplayground.yml` is static YAML, while the demo people's object ids are derived from their ids.
 * These checks keep the two in step, so that chatting in the playground is chatting as a seeded person.
 */
const CONFIG = readFileSync(join(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8');

/** The config's people, in file order: each `aadObjectId` with the `email` that follows it. */
const configuredPeople = (): { aadObjectId: string; email: string }[] => {
  const people: { aadObjectId: string; email: string }[] = [];
  let pending: string | undefined;
  for (const line of CONFIG.split('\n')) {
    const match = /^\s*(?:- )?(\w+):\s*'?([^'#]*?)'?\s*$/.exec(line);
    if (match?.[1] === 'aadObjectId') pending = match[2];
    if (match?.[1] === 'email' && pending !== undefined) {
      people.push({ aadObjectId: pending, email: match[2] ?? '' });
      pending = undefined;
    }
  }
  return people;
};

describe('the Agents Playground configuration', () => {
  it('maps every playground user to the seeded person with that e-mail, by their object id', () => {
    const people = configuredPeople();

    expect(people).toHaveLength(6); // the current user and the five the playground requires
    for (const { aadObjectId, email } of people) {
      const person = DEMO_COUNCIL.people.find((p) => p.email === email);
      expect({ email, oid: person?.oid }).toEqual({ email, oid: aadObjectId });
    }
  });

  it('chats as a councillor in the personal chat', () => {
    const [current] = configuredPeople();
    const person = DEMO_COUNCIL.people.find((p) => p.oid === current?.aadObjectId);

    expect(CONFIG).toMatch(/^currentUser:\n(?: {2}.*\n)*? {2}aadObjectId: /m);
    expect(person?.roles).toContain('Councillor');
  });

  it("uses the local issuer's tenant", () => {
    expect(CONFIG).toMatch(new RegExp(`^tenantId: '?${LOCAL_TENANT_ID}'?$`, 'm'));
  });
});
