import { openPglite } from '../src/adapters/postgres';
import { describeNotificationOutboxContract } from './contracts/notification-outbox.contract';

describeNotificationOutboxContract('PGlite (in memory)', () => openPglite({}));
