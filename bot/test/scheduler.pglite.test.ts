import { openPglite } from '../src/adapters/postgres';
import { describeSchedulerContract } from './contracts/scheduler.contract';

describeSchedulerContract('PGlite (in memory)', () => openPglite({}));
