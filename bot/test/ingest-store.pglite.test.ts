import { openPglite } from '../src/adapters/postgres';
import { describeIngestStoreContract } from './contracts/ingest-store.contract';

describeIngestStoreContract('PGlite (in memory)', () => openPglite({}));
