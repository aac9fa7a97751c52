import { openPglite } from '../src/adapters/postgres';
import { describeCaseRecordContract } from './contracts/case-record.contract';

describeCaseRecordContract('PGlite (in memory)', () => openPglite({}));
