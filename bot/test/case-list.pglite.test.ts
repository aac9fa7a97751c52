import { openPglite } from '../src/adapters/postgres';
import { describeCaseListContract } from './contracts/case-list.contract';

describeCaseListContract('PGlite (in memory)', () => openPglite({}));
