import { openPglite } from '../src/adapters/postgres';
import { describeFilingJournalContract } from './contracts/filing-journal.contract';

describeFilingJournalContract('PGlite (in memory)', () => openPglite({}));
