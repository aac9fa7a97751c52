import { describeFilingJournalContract } from './contracts/filing-journal.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// One schema for the file, opened twice where a test needs a second instance on the same database.
const open = throwAwaySchemas('filing journal', 'shared');
describeFilingJournalContract('PostgreSQL', open, () => open());
