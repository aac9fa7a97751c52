import { describeSchedulerContract } from './contracts/scheduler.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// Every open is another pool on one schema: several service instances sharing a database.
describeSchedulerContract('PostgreSQL', throwAwaySchemas('scheduler', 'shared'));
