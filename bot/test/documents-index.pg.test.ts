import { describeDocumentIndexContract } from './contracts/document-index.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// Each database this file opens is a new schema, dropped after the file's tests.
describeDocumentIndexContract('PostgreSQL', throwAwaySchemas('document index'));
