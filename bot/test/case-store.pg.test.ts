import { describeAuditLogContract } from './contracts/audit-log.contract';
import { describeCaseListContract } from './contracts/case-list.contract';
import { describeCaseSearchContract } from './contracts/case-search.contract';
import { describeCaseStoreContract } from './contracts/case-store.contract';
import { describeCaseCategoriesContract } from './contracts/case-categories.contract';
import { describeCaseStatisticsContract } from './contracts/case-statistics.contract';
import { describeDirectoryContract } from './contracts/directory.contract';
import { describeSettingsStoreContract } from './contracts/settings-store.contract';
import { describeCaseRecordContract } from './contracts/case-record.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// Each database this file opens is a new schema, so the suites never see each other's data.
const open = throwAwaySchemas('storage contract');

describeCaseStoreContract('PostgreSQL', open);
describeAuditLogContract('PostgreSQL', open);
describeDirectoryContract('PostgreSQL', open);
describeCaseStatisticsContract('PostgreSQL', open);
describeSettingsStoreContract('PostgreSQL', open);
describeCaseSearchContract('PostgreSQL', open);
describeCaseRecordContract('PostgreSQL', open);
describeCaseCategoriesContract('PostgreSQL', open);
describeCaseListContract('PostgreSQL', open);
