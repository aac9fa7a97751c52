import { join, resolve } from 'node:path';
import type { Server } from 'restify';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './logger';
import type { Clock, Database } from './app/ports';
import { makeCasework } from './app/casework';
import {
  openPglite,
  openPostgres,
  migrate,
  PostgresCaseStore,
  PostgresAuditLog,
  PostgresDirectory,
} from './adapters/postgres';
import { createLocalIssuer } from './adapters/identity/local-issuer';
import { createTokenValidator, type TokenValidator } from './adapters/identity/token-validator';
import { entraValidatorOptions } from './adapters/identity/entra';
import { createSlaClock } from './domain/sla-clock';
import { parseSlaPolicy } from './domain/sla-policy';
import { makeAuthenticator } from './http/auth';
import { createHttpServer, type RouteHelpers } from './http/server';
import { localSignInRoutes } from './http/local-sign-in';
import { seedIfEmpty } from './seed/seed';

/** The tenant id the local issuer stamps on its tokens: a fixed, obviously-local GUID. */
export const LOCAL_TENANT_ID = '00000000-0000-4000-8000-00000000c0de';
export const LOCAL_AUDIENCE = 'api://localhost/members-hub';

export interface RunningApp {
  server: Server;
  db: Database;
  url: string;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** Composition root: config → adapters → use cases → server. Nothing else wires dependencies. */
export const startApp = async (
  config: Config,
  logger: Logger,
  options: { clock?: Clock; db?: Database } = {},
): Promise<RunningApp> => {
  const clock = options.clock ?? systemClock;
  const dataDir = resolve(config.DATA_DIR);
  const db =
    options.db ??
    (config.DATABASE_URL
      ? await openPostgres({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX })
      : await openPglite({ dataDir: join(dataDir, 'pglite') }));
  await migrate(db);
  logger.info({ database: db.kind }, 'database ready');

  const directory = new PostgresDirectory(db);
  const cases = new PostgresCaseStore(db);
  const audit = new PostgresAuditLog(db);
  const sla = createSlaClock(parseSlaPolicy({ region: config.SLA_REGION }));

  const extraRoutes: ((server: Server, helpers: RouteHelpers) => void)[] = [];
  let tokens: TokenValidator;
  if (config.MODE === 'local') {
    if (config.SEED_DEMO) {
      await seedIfEmpty({ directory, db, now: clock.now(), sla, logger });
    }
    const issuer = await createLocalIssuer({
      keyFile: join(dataDir, 'local-issuer', 'signing-key.json'),
      issuer: `${config.publicUrl}/auth/local`,
      audience: LOCAL_AUDIENCE,
      tenantId: LOCAL_TENANT_ID,
      ttlSeconds: config.LOCAL_TOKEN_TTL_SECONDS,
      clock,
    });
    tokens = createTokenValidator({ ...issuer.validatorOptions(), clock });
    extraRoutes.push(localSignInRoutes({ issuer, directory, publicUrl: config.publicUrl }));
  } else {
    tokens = createTokenValidator(
      entraValidatorOptions({
        tenantId: config.TENANT_ID,
        clientId: config.CLIENT_ID,
        appIdUri: config.APP_ID_URI,
      }),
    );
  }

  const server = createHttpServer({
    mode: config.MODE,
    casework: makeCasework({ cases, audit, directory, clock, sla }),
    authenticator: makeAuthenticator({ tokens, directory }),
    logger,
    healthy: async () => {
      try {
        await db.query('SELECT 1');
        return true;
      } catch (error) {
        logger.error({ err: error }, 'health check failed');
        return false;
      }
    },
    extraRoutes,
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.PORT, config.HOST, () => ok());
  });
  const address = server.address();
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${address.port}`;
  return {
    server,
    db,
    url,
    close: async () => {
      await new Promise<void>((ok) => {
        server.close(() => ok());
      });
      await db.close();
    },
  };
};

const main = async (): Promise<void> => {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, logger);
  const base = config.PUBLIC_URL ?? app.url;
  logger.info({ url: base, mode: config.MODE }, 'Members\u2019 Hub is listening');
  process.stdout.write(
    [
      '',
      `  Members' Hub is running (${config.MODE === 'local' ? 'embedded default: PGlite, local identity, demo council' : 'Microsoft 365 mode'})`,
      `  Health:   ${base}/healthz`,
      ...(config.MODE === 'local' ? [`  Sign in:  ${base}/auth/local`] : []),
      `  API:      ${base}/api/me (bearer token required)`,
      '',
    ].join('\n') + '\n',
  );
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
};

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Members' Hub failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
