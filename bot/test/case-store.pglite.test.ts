import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPglite, PostgresCaseStore } from '../src/adapters/postgres';
import { describeAuditLogContract } from './contracts/audit-log.contract';
import { describeCaseStoreContract } from './contracts/case-store.contract';
import { describeCaseStatisticsContract } from './contracts/case-statistics.contract';
import { describeDirectoryContract } from './contracts/directory.contract';
import { describeSettingsStoreContract } from './contracts/settings-store.contract';
import { auditEntry, newCaseWithEverything, raisedEvent } from './fixtures/cases';

const inMemory = () => openPglite({});

describeCaseStoreContract('PGlite (in memory)', inMemory);
describeAuditLogContract('PGlite (in memory)', inMemory);
describeDirectoryContract('PGlite (in memory)', inMemory);
describeCaseStatisticsContract('PGlite (in memory)', inMemory);
describeSettingsStoreContract('PGlite (in memory)', inMemory);

describe('PGlite in a data directory', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-pglite-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps cases across close and reopen, and creates the directory on first use', async () => {
    const dir = join(dataDir, 'nested', 'pglite');
    const draft = newCaseWithEverything();
    const first = await openPglite({ dataDir: dir });
    await migrate(first);
    const created = await new PostgresCaseStore(first).create(
      draft,
      raisedEvent(draft),
      auditEntry('case.create', 'p-sue', draft.createdAt),
    );
    await first.close();

    const reopened = await openPglite({ dataDir: dir });
    try {
      expect(await migrate(reopened)).toMatchObject({ applied: [] });
      const store = new PostgresCaseStore(reopened);
      expect(await store.findByRef(created.ref)).toEqual(created);
      expect((await store.timeline(created.id)).map((e) => e.type)).toEqual(['raised']);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
