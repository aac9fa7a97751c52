import { cachedDirectory } from '../src/app/cached-directory';
import type { Department, Directory, Ward } from '../src/app/ports';
import type { Person } from '../src/domain/person';

const person = (id: string, roles: Person['roles'] = ['Councillor']): Person => ({
  id,
  oid: `oid-${id}`,
  displayName: `Person ${id}`,
  email: `${id}@example.test`,
  roles,
});

/** A directory that counts its calls and whose content the test changes. */
const fakeDirectory = () => {
  const content = {
    departments: [{ id: 'dept-highways', name: 'Highways' }] as Department[],
    wards: [{ id: 'ward-north', name: 'North', postcodePrefixes: ['WQ1'] }] as Ward[],
    people: new Map<string, Person>([['p-ann', person('p-ann')]]),
  };
  const calls = { departments: 0, wards: 0, personByOid: 0, person: 0, people: 0 };
  let failNext = false;
  const directory: Directory = {
    departments: () => {
      calls.departments += 1;
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('connection lost'));
      }
      return Promise.resolve([...content.departments]);
    },
    wards: () => {
      calls.wards += 1;
      return Promise.resolve([...content.wards]);
    },
    personByOid: (oid) => {
      calls.personByOid += 1;
      return Promise.resolve([...content.people.values()].find((p) => p.oid === oid) ?? null);
    },
    person: (id) => {
      calls.person += 1;
      return Promise.resolve(content.people.get(id) ?? null);
    },
    people: () => {
      calls.people += 1;
      return Promise.resolve([...content.people.values()]);
    },
  };
  return { directory, content, calls, failOnce: () => (failNext = true) };
};

describe('cachedDirectory', () => {
  let now: number;
  const clock = { now: () => new Date(now) };
  beforeEach(() => {
    now = Date.parse('2026-03-20T12:00:00.000Z');
  });

  it('reads departments and wards once per minute, then again after the TTL', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    expect(await cached.departments()).toEqual([{ id: 'dept-highways', name: 'Highways' }]);
    fake.content.departments = [{ id: 'dept-highways', name: 'Roads' }];
    now += 59_999;
    expect((await cached.departments())[0]?.name).toBe('Highways');
    expect(await cached.wards()).toHaveLength(1);
    expect(await cached.wards()).toHaveLength(1);
    expect(fake.calls).toMatchObject({ departments: 1, wards: 1 });
    now += 1;
    expect((await cached.departments())[0]?.name).toBe('Roads');
    expect(fake.calls.departments).toBe(2);
  });

  it('shares one lookup between concurrent callers', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    await Promise.all([cached.departments(), cached.departments(), cached.departments()]);
    expect(fake.calls.departments).toBe(1);
  });

  it('does not keep a failed lookup', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    fake.failOnce();
    await expect(cached.departments()).rejects.toThrow('connection lost');
    expect(await cached.departments()).toHaveLength(1);
    expect(fake.calls.departments).toBe(2);
  });

  it('keeps people by oid and by id for the TTL, so a role change shows within a minute', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    expect((await cached.personByOid('oid-p-ann'))?.roles).toEqual(['Councillor']);
    expect((await cached.person('p-ann'))?.id).toBe('p-ann');
    fake.content.people.set('p-ann', person('p-ann', ['SupportOfficer']));
    now += 30_000;
    expect((await cached.personByOid('oid-p-ann'))?.roles).toEqual(['Councillor']);
    expect((await cached.person('p-ann'))?.roles).toEqual(['Councillor']);
    expect(fake.calls).toMatchObject({ personByOid: 1, person: 1 });
    now += 30_000;
    expect((await cached.personByOid('oid-p-ann'))?.roles).toEqual(['SupportOfficer']);
    expect((await cached.person('p-ann'))?.roles).toEqual(['SupportOfficer']);
    expect(fake.calls).toMatchObject({ personByOid: 2, person: 2 });
  });

  it('keeps a miss by key, and never caches the full list of people', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    expect(await cached.personByOid('oid-nobody')).toBeNull();
    expect(await cached.personByOid('oid-nobody')).toBeNull();
    expect(await cached.personByOid('oid-p-ann')).not.toBeNull();
    expect(fake.calls.personByOid).toBe(2);
    await cached.people();
    await cached.people();
    expect(fake.calls.people).toBe(2);
  });

  it('forgets everything it holds when invalidated, so a change made here shows at once', async () => {
    const fake = fakeDirectory();
    const cached = cachedDirectory(fake.directory, clock, 60_000);
    await cached.departments();
    await cached.wards();
    await cached.personByOid('oid-p-ann');
    await cached.person('p-new');
    fake.content.departments = [{ id: 'dept-highways', name: 'Roads' }];
    fake.content.wards = [];
    fake.content.people.set('p-ann', person('p-ann', ['SupportOfficer']));
    fake.content.people.set('p-new', person('p-new'));
    cached.invalidate();
    expect((await cached.departments())[0]?.name).toBe('Roads');
    expect(await cached.wards()).toEqual([]);
    expect((await cached.personByOid('oid-p-ann'))?.roles).toEqual(['SupportOfficer']);
    expect((await cached.person('p-new'))?.id).toBe('p-new');
    expect(fake.calls).toMatchObject({ departments: 2, wards: 2, personByOid: 2, person: 2 });
  });
});
