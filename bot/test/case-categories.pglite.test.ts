import { openPglite } from '../src/adapters/postgres';
import { describeCaseCategoriesContract } from './contracts/case-categories.contract';

describeCaseCategoriesContract('PGlite (in memory)', () => openPglite({}));
