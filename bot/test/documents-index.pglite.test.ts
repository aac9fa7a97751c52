import { openPglite } from '../src/adapters/postgres';
import { describeDocumentIndexContract } from './contracts/document-index.contract';

describeDocumentIndexContract('PGlite (in memory)', () => openPglite({}));
