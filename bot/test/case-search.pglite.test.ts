import { openPglite } from '../src/adapters/postgres';
import { describeCaseSearchContract } from './contracts/case-search.contract';

describeCaseSearchContract('PGlite (in memory)', () => openPglite({}));
