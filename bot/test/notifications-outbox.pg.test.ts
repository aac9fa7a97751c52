import { describeNotificationOutboxContract } from './contracts/notification-outbox.contract';
import { throwAwaySchemas } from './support/pg-schemas';

// Every open is another pool on one schema, as the contract expects of several instances.
describeNotificationOutboxContract('PostgreSQL', throwAwaySchemas('notification outbox', 'shared'));
