import { describeIngestStoreContract } from './contracts/ingest-store.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// One schema for the file, opened twice: a second instance of the service on the same database.
const open = throwAwaySchemas('scan-ingest queue', 'shared');
describeIngestStoreContract('PostgreSQL', open, () => open());
