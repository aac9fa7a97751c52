import { join, resolve } from 'node:path';
import type { Server } from 'restify';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './logger';
import type { Clock, Database } from './app/ports';
import { makeCasework } from './app/casework';
import { makeCaseRecord } from './app/case-record';
import { makeCaseCategories } from './app/case-categories';
import { makeCaseFiling } from './app/case-filing';
import { cachedDirectory } from './app/cached-directory';
import { loadCurrentSlaClock } from './app/current-sla-clock';
import { makeCouncilDirectory } from './app/council-directory';
import { makeStatistics } from './app/statistics';
import { makeAdministration } from './app/administration';
import { makeDocuments } from './app/documents';
import type { DocumentStore, Grantee } from './app/document-store';
import type { Mailbox } from './app/mailbox';
import {
  openPglite,
  openPostgres,
  migrate,
  PostgresCaseStore,
  PostgresAuditLog,
  PostgresDirectory,
  PostgresConversationReferences,
  PostgresNotificationOutbox,
  PostgresSettingsStore,
  PostgresCaseStatistics,
  PostgresCaseCategories,
  PostgresDocumentIndex,
  PostgresFilingJournal,
  PostgresFolderShares,
  PostgresDecisionStore,
  PostgresTeamChannels,
  PostgresBriefingStore,
  PostgresBriefingDeliveries,
  PostgresBriefingFigures,
  PostgresEntraPeople,
  PostgresMessageFilingRequests,
} from './adapters/postgres';
import { makeDecisionsRegister } from './app/decisions-register';
import { makeBriefings } from './app/briefings';
import type { Briefing } from './app/briefing-ports';
import { briefingMessages } from './bot/cards/briefing-card';
import { BriefingHandlers } from './bot/briefing-handlers';
import { briefingRoutes } from './http/briefing-routes';
import { decisionBriefingPdf } from './adapters/pdf/decision-briefing-pdf';
import type { ModernGovSiteOptions } from './adapters/decisions/modern-gov-site';
import { startBriefingDelivery, type BriefingDelivery } from './jobs/briefing-delivery';
import { DEMO_COUNCIL_NAME } from './seed/demo-council';
import { messageFilingRoutes } from './http/message-filing-routes';
import type { SharedFiles } from './app/shared-files';
import { makeEntraSignIn, type EntraSignIn } from './app/entra-sign-in';
import { makeDirectorySync, type DirectorySync } from './app/directory-sync';
import type { EntraDirectory } from './app/entra-directory';
import { LocalDocumentStore } from './adapters/local-files/local-document-store';
import { createTextExtractor } from './adapters/text';
import { createLocalIssuer } from './adapters/identity/local-issuer';
import { MEMBER_CASEWORK_FOLDER } from './domain/document-names';
import { DEFAULT_SCAN_LIMITS } from './domain/ingest/scan-files';
import { DocumentStoreError } from './app/document-store';
import {
  createGraphAdapters,
  graphCredentialFromSettings,
  type GraphAdaptersOptions,
} from './adapters/graph';
import { createTokenValidator, type TokenValidator } from './adapters/identity/token-validator';
import { entraValidatorOptions } from './adapters/identity/entra';
import { parseSlaPolicy } from './domain/sla-policy';
import { makeAuthenticator } from './http/auth';
import { createHttpServer, type RouteHelpers, type SetupItem } from './http/server';
import { localSignInRoutes } from './http/local-sign-in';
import { directoryRoutes } from './http/directory-routes';
import { adminRoutes } from './http/admin-routes';
import { categoryRoutes } from './http/category-routes';
import { documentRoutes, removeStaleUploads } from './http/document-routes';
import { caseRecordRoutes } from './http/case-record-routes';
import { sharingRoutes } from './http/sharing-routes';
import { makeFilingSources } from './app/filing-sources';
import { makeFolderSharing, type FolderSharingOptions } from './app/folder-sharing';
import { startDocumentWork, type DocumentWork, type DocumentWorkOptions } from './jobs/document-work';
import { makeAttachmentDownloader } from './bot/attachment-download';
import { tabRoutes } from './http/tab-routes';
import {
  reloadSettingsEvery,
  SETTINGS_RELOAD_INTERVAL_MS,
  type SettingsReload,
} from './jobs/settings-reload';
import { seedIfEmpty } from './seed/seed';
import {
  botAppId,
  botFrameworkAuthentication,
  createCloudAdapter,
  type BotAuthentication,
  type BotFrameworkAuthentication,
} from './adapters/teams/cloud-adapter';
import { createMembersHubBot } from './bot/members-hub-bot';
import { botMessagesRoute } from './bot/messages-route';
import { makeTurnErrorHandler } from './bot/turn-error';
import { runEvery, type ScheduledJob } from './jobs/scheduler';
import { makeSlaSweep } from './jobs/sla-sweep';
import { startNotificationDelivery, type NotificationDelivery } from './jobs/notification-delivery';
import { TeamsProactiveSender } from './adapters/teams/teams-proactive-sender';
import { notificationMessage } from './bot/cards/notification-card';
import { PostgresCaseRecordStore, PostgresIngestStore } from './adapters/postgres';
import { scanTools } from './adapters/scans';
import { createTesseractJsEngine } from './adapters/ocr/tesseract-js-engine';
import { createTesseractCliEngine, tesseractCommandAvailable } from './adapters/ocr/tesseract-cli-engine';
import {
  createDocumentIntelligenceEngine,
  managedIdentityToken,
} from './adapters/ocr/document-intelligence-engine';
import type { OcrEngine } from './app/ocr-engine';
import { makeIngestPipeline } from './app/ingest-pipeline';
import { makeIngestScans, SCAN_INGEST_SOURCE } from './app/ingest-scans';
import { stallHalfWay } from './app/test-hold';
import { makeScanIngest } from './app/scan-ingest';
import { ingestRoutes } from './http/ingest-routes';
import { startIngestWorker, type IngestWorker } from './jobs/ingest-worker';

/** The tenant id the local issuer stamps on its tokens: a fixed, obviously-local GUID. */
export const LOCAL_TENANT_ID = '00000000-0000-4000-8000-00000000c0de';
export const LOCAL_AUDIENCE = 'api://localhost/members-hub';

export interface RunningApp {
  server: Server;
  db: Database;
  url: string;
  /** Scan-ingest's background worker on this instance (tests drain it). */
  ingestWorker?: IngestWorker | undefined;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** The bot's Bot Framework credentials: none in local mode (authentication off), from config in m365 mode. */
export const botAuthentication = (config: Config): BotAuthentication => {
  if (config.MODE === 'local') return { kind: 'disabled' };
  const tenantId = config.BOT_APP_TENANT_ID ?? config.TENANT_ID;
  return config.BOT_APP_TYPE === 'SingleTenant'
    ? { kind: 'single-tenant', appId: config.BOT_APP_ID, tenantId, password: config.BOT_APP_PASSWORD ?? '' }
    : { kind: 'user-assigned-msi', appId: config.BOT_APP_ID, tenantId };
};

/** Composition root: config → adapters → use cases → server. Nothing else wires dependencies. */
export const startApp = async (
  config: Config,
  logger: Logger,
  options: {
    clock?: Clock;
    db?: Database;
    /**
     * Validates bearer tokens instead of the mode's own validator. For tests of Microsoft 365 mode, which
     * cannot reach Entra ID's signing keys; never set by `main`.
     */
    tokens?: TokenValidator;
    /**
     * How Graph and Entra ID are reached: tests point them at the loopback Graph simulation, which needs its
     * test CA trusted. Never set by `main`, which uses the real endpoints and the system's trust store.
     */
    graphNetwork?: Pick<GraphAdaptersOptions, 'fetch' | 'networkClient' | 'knownAuthorities' | 'client'>;
    /**
     * How the bot is authenticated with the Bot Framework, instead of the configured credentials: tests of
     * Microsoft 365 mode point botbuilder's own token checks at a stand-in channel issuer and its credentials
     * at the simulated Entra ID. Never set by `main`.
     */
    botFramework?: BotFrameworkAuthentication;
    /**
     * Once listening, check that the document store can be reached and written (in Microsoft 365 mode: the
     * site grant and credential work), and log the outcome. `main` asks for it; tests need not.
     */
    checkDocumentStore?: boolean;
    /**
     * The background document work's timing (tests shorten leases and polls), and whether this process has the
     * database to itself (default: on the embedded database). Never set by `main`.
     */
    documentWork?: (Partial<DocumentWorkOptions> & { exclusive?: boolean }) | undefined;
    /** Folder sharing's retry timing (tests shorten it). Never set by `main`. */
    sharing?: Pick<FolderSharingOptions, 'retryBaseMs' | 'retryMaxMs' | 'maxAttempts'> | undefined;
    /** How the modern.gov site is reached: tests point it at a loopback HTTPS server. Never set by `main`. */
    modernGovSite?: ModernGovSiteOptions;
    /** The OCR engine instead of the configured one: tests use it to make pages slow or failing. */
    ocrEngine?: OcrEngine;
  } = {},
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
  const conversationReferences = new PostgresConversationReferences(db);
  const settings = new PostgresSettingsStore(db);
  // The policy an administrator stored wins over SLA_REGION and the defaults, which apply until one is saved.
  const configuredPolicy = parseSlaPolicy({ region: config.SLA_REGION });
  const sla = await loadCurrentSlaClock(async () => (await settings.slaPolicy()) ?? configuredPolicy);

  const extraRoutes: ((server: Server, helpers: RouteHelpers) => void)[] = [];
  /** What is still to be set up (Microsoft 365 mode), as /healthz and the start-up log report it. */
  const setup: SetupItem[] = [];
  let tokens: TokenValidator;
  // Case documents: where the files go, and (Microsoft 365 mode) the person's mailbox to file e-mails from.
  let documentStore: DocumentStore | undefined;
  let mailbox: Mailbox | undefined;
  /** The library's server-relative path (SharePoint's 400-character limit counts it); '' locally. */
  let documentRootPath = '';
  /** Shared (write) on each member's folder with the member: the support officers' group, when configured. */
  let supportGroup: Grantee | undefined;
  let shareMemberFolders = true;
  /** Microsoft 365 mode: Entra ID, read for the directory sync. */
  let entraDirectory: EntraDirectory | undefined;
  /** Microsoft 365 mode: files shared in Teams messages, copied with the filing person's permission. */
  let sharedFiles: SharedFiles | undefined;
  /** Attachments of messages filed from Teams: from SharePoint over https; locally, the playground's loopback. */
  const downloadAttachment = makeAttachmentDownloader({ allowLoopbackHttp: config.MODE === 'local' });
  if (config.MODE === 'local') {
    documentStore = new LocalDocumentStore({ rootDir: join(dataDir, 'documents') });
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
    tokens = options.tokens ?? createTokenValidator({ ...issuer.validatorOptions(), clock });
    extraRoutes.push(localSignInRoutes({ issuer, directory, publicUrl: config.publicUrl }));
  } else {
    tokens =
      options.tokens ??
      createTokenValidator(
        entraValidatorOptions({
          tenantId: config.TENANT_ID,
          clientId: config.CLIENT_ID,
          appIdUri: config.APP_ID_URI,
        }),
      );
    // Case documents in SharePoint, and each person's own mailbox, through the one Graph client
    // (docs/m365-documents.md). Nothing is requested until the first use: start-up needs no network.
    const graph = createGraphAdapters({
      tenantId: config.TENANT_ID,
      clientId: config.CLIENT_ID,
      credential: graphCredentialFromSettings(config),
      organisation: config.ORGANISATION_NAME,
      // Unused until GRAPH_DRIVE_ID is set: no document store is wired without it (below).
      driveId: config.GRAPH_DRIVE_ID ?? '',
      libraryPath: config.GRAPH_LIBRARY_PATH,
      baseUrl: config.GRAPH_BASE_URL,
      authorityHost: config.GRAPH_AUTHORITY_HOST,
      ...options.graphNetwork,
    });
    // A first `atk provision` comes before the SharePoint site exists: the service starts without case
    // documents and /healthz names the settings still to be made (docs/trial.md).
    if (config.GRAPH_SITE_ID && config.GRAPH_DRIVE_ID) documentStore = graph.documentStore;
    else
      setup.push({
        area: 'documents',
        missing: ['GRAPH_SITE_ID', 'GRAPH_DRIVE_ID'].filter((name) => !config[name as 'GRAPH_SITE_ID']),
        message:
          'Case documents are off until the SharePoint site and library ids are set (docs/trial.md, step 5).',
      });
    mailbox = graph.mailbox;
    entraDirectory = graph.entra;
    sharedFiles = graph.sharedFiles;
    documentRootPath = config.GRAPH_LIBRARY_PATH;
    supportGroup = config.SUPPORT_OFFICERS_GROUP_ID
      ? {
          kind: 'group',
          objectId: config.SUPPORT_OFFICERS_GROUP_ID,
          email: config.SUPPORT_OFFICERS_GROUP_EMAIL,
          alias: config.SUPPORT_OFFICERS_GROUP_ALIAS,
          displayName: 'Support officers\u2019 group',
        }
      : undefined;
    if (supportGroup && !supportGroup.email && !supportGroup.alias)
      logger.warn(
        'SUPPORT_OFFICERS_GROUP_ID is set without SUPPORT_OFFICERS_GROUP_EMAIL or _ALIAS: invites naming a group by its object id are reported to fail',
      );
    shareMemberFolders = config.SHARE_MEMBER_FOLDERS;
  }

  // Requests read people, departments and wards through a one-minute cache (docs/architecture.md); the seed
  // and the local sign-in page use the directory itself.
  const requestDirectory = cachedDirectory(directory, clock);
  // Microsoft 365 mode: people come from Entra ID, registered from their first token and kept in step by the
  // directory sync (docs/people.md). Local mode keeps them in the seed and the admin page.
  let entraSignIn: EntraSignIn | undefined;
  let directorySync: DirectorySync | undefined;
  let directorySyncIntervalMs = 0;
  if (config.MODE === 'm365') {
    directorySyncIntervalMs = config.DIRECTORY_SYNC_INTERVAL_SECONDS * 1000;
    const entraPeople = new PostgresEntraPeople(db);
    entraSignIn = makeEntraSignIn({ people: entraPeople, cache: requestDirectory, clock });
    if (entraDirectory && config.DIRECTORY_SYNC_INTERVAL_SECONDS > 0)
      directorySync = makeDirectorySync({
        entra: entraDirectory,
        store: entraPeople,
        directory,
        cache: requestDirectory,
        clock,
        clientId: config.CLIENT_ID,
        logger,
      });
  }
  const categories = makeCaseCategories({ store: new PostgresCaseCategories(db), audit, clock });
  const casework = makeCasework({ cases, audit, directory: requestDirectory, clock, sla, categories });
  const caseRecord = makeCaseRecord({ cases, record: new PostgresCaseRecordStore(db), audit, clock });
  extraRoutes.push(caseRecordRoutes({ record: caseRecord }));
  // Filing is journalled (crash-safe) and member folders are shared in the background: see
  // docs/documents.md. `work` is the background work that completes both, started once the service listens.
  const tmpDir = join(dataDir, 'tmp');
  const journal = new PostgresFilingJournal(db);
  const folderShares = new PostgresFolderShares(db);
  const workOptions = options.documentWork ?? {};
  const leaseMs = workOptions.leaseMs;
  let work: DocumentWork | undefined;
  const sharing = documentStore
    ? makeFolderSharing({
        shares: folderShares,
        store: documentStore,
        directory: requestDirectory,
        audit,
        clock,
        options: { enabled: shareMemberFolders, supportGroup, ...options.sharing },
        wake: () => work?.wake(),
        logger,
      })
    : undefined;
  // Scan-ingest's store and its scans as files come first: the filing journal opens legacy papers through them.
  const ingestStore = new PostgresIngestStore(db);
  const ingestLimits = {
    ...DEFAULT_SCAN_LIMITS,
    maxFileBytes: Math.min(DEFAULT_SCAN_LIMITS.maxFileBytes, config.DOCUMENT_MAX_BYTES),
  };
  const ingestScans = documentStore
    ? makeIngestScans({
        ingest: ingestStore,
        store: documentStore,
        tools: scanTools,
        limits: ingestLimits,
        cacheDir: join(dataDir, 'ingest-cache'),
      })
    : undefined;
  const documents = documentStore
    ? makeDocuments({
        cases,
        index: new PostgresDocumentIndex(db),
        store: documentStore,
        directory: requestDirectory,
        audit,
        clock,
        extractText: createTextExtractor({ logger }),
        mailbox,
        rootPath: documentRootPath,
        journal,
        sources: {
          ...makeFilingSources({ spoolDir: tmpDir, download: downloadAttachment }),
          // Legacy papers filed into a case: the journal rebuilds their searchable PDF (docs/ingest.md).
          ...(ingestScans ? { [SCAN_INGEST_SOURCE]: ingestScans.filingSource } : {}),
        },
        sharing,
        maxBytes: config.DOCUMENT_MAX_BYTES,
        leaseMs,
        logger,
      })
    : undefined;
  // Scan-ingest: the OCR engine starts its workers on the first page, so start-up costs nothing.
  let ingestWorker: IngestWorker | undefined;
  let ocr: OcrEngine | undefined;
  if (documents && documentStore && ingestScans) {
    const pageTimeoutMs = config.OCR_PAGE_TIMEOUT_SECONDS * 1000;
    const engine =
      config.OCR_ENGINE === 'auto'
        ? (await tesseractCommandAvailable())
          ? 'tesseract'
          : 'tesseract.js'
        : config.OCR_ENGINE;
    ocr =
      options.ocrEngine ??
      (engine === 'tesseract'
        ? createTesseractCliEngine({ processes: config.OCR_WORKERS, pageTimeoutMs })
        : config.MODE === 'm365' && engine === 'document-intelligence'
          ? createDocumentIntelligenceEngine({
              endpoint: config.DOCUMENT_INTELLIGENCE_ENDPOINT ?? '',
              token: managedIdentityToken(config.GRAPH_MANAGED_IDENTITY_CLIENT_ID ?? config.BOT_APP_ID),
              parallelism: config.OCR_WORKERS,
              pageTimeoutMs: Math.max(pageTimeoutMs, 120_000),
            })
          : createTesseractJsEngine({ workers: config.OCR_WORKERS, pageTimeoutMs, logger }));
    logger.info({ engine: ocr.name, parallelism: ocr.parallelism }, 'scan-ingest OCR engine');
    const pipeline = makeIngestPipeline({
      ingest: ingestStore,
      scans: ingestScans,
      documents,
      cases,
      directory: requestDirectory,
      ocr,
      tools: scanTools,
      clock,
      logger,
      filingContent:
        config.INGEST_TEST_HOLD === 'filing-upload'
          ? (content) =>
              stallHalfWay(content, () =>
                logger.warn(
                  { hold: config.INGEST_TEST_HOLD },
                  'test hold reached: filing half-way to the store',
                ),
              )
          : undefined,
    });
    const scanIngest = makeScanIngest({
      ingest: ingestStore,
      store: documentStore,
      documents,
      cases,
      directory: requestDirectory,
      audit,
      clock,
      tools: scanTools,
      pipeline,
      limits: ingestLimits,
    });
    extraRoutes.push(ingestRoutes({ ingest: scanIngest }));
    ingestWorker = startIngestWorker({
      ingest: ingestStore,
      pipeline,
      logger,
      options: {
        concurrency: ocr.parallelism + 1,
        leaseMs: pageTimeoutMs * 3,
        pollIntervalMs: config.INGEST_POLL_INTERVAL_MS || 1000,
      },
      poll: config.INGEST_POLL_INTERVAL_MS > 0,
    });
  }
  if (documents) extraRoutes.push(documentRoutes({ documents, tmpDir }));
  if (sharing) extraRoutes.push(sharingRoutes({ sharing }));
  // Briefings (docs/briefings.md): the decisions register, monthly briefings, team channels.
  const teamChannels = new PostgresTeamChannels(db);
  const briefingStore = new PostgresBriefingStore(db);
  const briefingQueue = new PostgresBriefingDeliveries(db);
  const renderBriefing = (b: Briefing) => briefingMessages(b, { publicUrl: config.publicUrl });
  const councilName = config.MODE === 'local' ? DEMO_COUNCIL_NAME : config.ORGANISATION_NAME;
  const decisionsRegister = makeDecisionsRegister({
    decisions: new PostgresDecisionStore(db),
    directory: requestDirectory,
    audit,
    clock,
  });
  const briefings = makeBriefings({
    store: briefingStore,
    decisions: new PostgresDecisionStore(db),
    figures: new PostgresBriefingFigures(db),
    channels: teamChannels,
    deliveries: briefingQueue,
    directory: requestDirectory,
    audit,
    clock,
    sla,
    region: () => sla.policy.region,
    render: renderBriefing,
  });
  extraRoutes.push(
    briefingRoutes({
      register: decisionsRegister,
      briefings,
      directory: requestDirectory,
      councilName,
      pdf: (content) => decisionBriefingPdf(content, { name: councilName }),
      site: options.modernGovSite,
    }),
  );

  // The bot: POST /api/messages, through the same use cases as the API. In Microsoft 365 mode "File to case"
  // opens the tab's dialog, signed in as the person, so files shared in the message are copied as them.
  const caseFiling = makeCaseFiling({
    cases,
    audit,
    clock,
    sla,
    documents: documents ? { filing: documents, journal, downloads: true } : undefined,
    logger,
    dialog:
      config.MODE === 'm365'
        ? {
            requests: new PostgresMessageFilingRequests(db),
            sharedFiles,
            spoolDir: tmpDir,
            maxBytes: config.DOCUMENT_MAX_BYTES,
          }
        : undefined,
  });
  if (config.MODE === 'm365') extraRoutes.push(messageFilingRoutes({ caseFiling }));
  const bot = createMembersHubBot({
    casework,
    caseRecord,
    caseFiling,
    fileToCaseDialog: config.MODE === 'm365',
    directory: requestDirectory,
    categories,
    conversationReferences,
    logger,
    clock,
    publicUrl: config.publicUrl,
    tenantId: config.MODE === 'm365' ? config.TENANT_ID : undefined,
    briefings: new BriefingHandlers({ channels: teamChannels, briefings, render: renderBriefing, logger }),
  });
  // How the bot proves itself to the Bot Framework and checks requests come from it (one for the bot and its
  // proactive messages).
  const botAuth = botAuthentication(config);
  const botFramework = options.botFramework ?? botFrameworkAuthentication(botAuth);
  const adapter = createCloudAdapter(botFramework, makeTurnErrorHandler(logger));
  extraRoutes.push(botMessagesRoute({ adapter, bot }));
  extraRoutes.push(
    directoryRoutes({
      directory: makeCouncilDirectory({ directory: requestDirectory, categories, audit, clock }),
      statistics: makeStatistics({ statistics: new PostgresCaseStatistics(db), audit, clock, sla }),
    }),
  );
  extraRoutes.push(categoryRoutes({ categories }));
  extraRoutes.push(
    adminRoutes({
      administration: makeAdministration({
        directory,
        editor: directory,
        settings,
        sla,
        audit,
        clock,
        // In Microsoft 365 mode people come from Entra ID; wards and departments are the council's own.
        peopleFrom: config.MODE === 'local' ? 'local' : 'entra',
        sync: directorySync,
        cache: requestDirectory,
      }),
    }),
  );
  extraRoutes.push(
    tabRoutes({
      distDir: config.TAB_DIST_DIR,
      mode: config.MODE,
      clientId: config.MODE === 'm365' ? config.CLIENT_ID : null,
      logger,
    }),
  );

  const server = createHttpServer({
    mode: config.MODE,
    casework,
    authenticator: makeAuthenticator({ tokens, directory: requestDirectory, entra: entraSignIn }),
    logger,
    features: { mailbox: documents?.hasMailbox ?? false },
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
    setup: () => setup,
  });

  // Document work starts before the service listens: on the embedded database it first releases what a
  // stopped process left and clears its spool, which must not race an upload this process is spooling.
  if (documents) {
    work = await startDocumentWork({
      journal,
      completeFiling: documents.completeClaimed,
      shares: sharing?.enabled ? { store: folderShares, run: sharing.run } : undefined,
      cleanSpool: (clean) => removeStaleUploads(tmpDir, clean),
      // The embedded database is this process's alone: what a stopped process left is resumed at once.
      exclusive: workOptions.exclusive ?? db.kind === 'pglite',
      logger,
      options: workOptions,
    });
  }
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(config.PORT, config.HOST, () => ok());
    });
  } catch (error) {
    await work?.stop();
    throw error;
  }
  if (setup.length > 0)
    logger.warn(
      { setup },
      'Microsoft 365 set-up is not complete: running without what is listed (see /healthz)',
    );
  if (options.checkDocumentStore && documentStore) {
    // Not awaited: a tenant that is misconfigured or throttling must not keep the service from starting, but
    // the operator should find out at once, with Graph's request id, rather than at the first upload.
    const store = documentStore;
    const failed = (what: string, item: SetupItem) => (error: unknown) => {
      logger.error(
        error instanceof DocumentStoreError
          ? { store: store.kind, code: error.code, ...error.details, cause: undefined }
          : { store: store.kind, err: error },
        what,
      );
      setup.push(item);
    };
    store.ensureFolder([MEMBER_CASEWORK_FOLDER]).then(
      async (folder) => {
        logger.info({ store: store.kind, folder: folder.path }, 'document store ready');
        // Sharing needs more than filing (in SharePoint, the site's fullcontrol role): reading a folder's
        // permissions needs the same right, so this says at start-up whether member folders can be shared.
        if (sharing?.enabled)
          await store.grants(folder.id).then(
            () => logger.info({ store: store.kind }, 'document store can share member folders'),
            failed(
              'document store cannot read folder permissions: sharing member folders will fail until the app has the site\u2019s fullcontrol role (or set SHARE_MEMBER_FOLDERS=false); filing is not affected',
              {
                area: 'sharing',
                message:
                  'Member folders cannot be shared until the app has the site\u2019s fullcontrol role (docs/trial.md, step 6); filing is not affected.',
              },
            ),
          );
      },
      failed('document store check failed', {
        area: 'documents',
        message:
          'The SharePoint library could not be reached at start-up: check GRAPH_SITE_ID, GRAPH_DRIVE_ID and the app\u2019s Sites.Selected grant (docs/trial.md, steps 5 and 6), then restart.',
      }),
    );
  }
  // Background work starts once the service is up, so a failed start leaves nothing running.
  // Each instance re-reads the SLA policy, so one an administrator saved elsewhere applies here within a
  // reload interval; a save through this instance applies at once.
  const settingsReload: SettingsReload = reloadSettingsEvery({
    intervalMs: SETTINGS_RELOAD_INTERVAL_MS,
    reload: () => sla.reload(),
    logger,
  });
  const jobs: ScheduledJob[] = [];
  if (config.SLA_SWEEP_INTERVAL_SECONDS > 0) {
    const sweep = makeSlaSweep({ cases, sla, clock });
    jobs.push(
      runEvery({
        name: 'sla-sweep',
        intervalMs: config.SLA_SWEEP_INTERVAL_SECONDS * 1000,
        run: sweep.run,
        db,
        logger,
        clock,
      }),
    );
  }
  // Briefings are composed on their schedule (checked once per period across instances; composing is
  // idempotent), and approved ones are posted into their channels by every instance that polls.
  if (config.BRIEFING_SCHEDULE_INTERVAL_SECONDS > 0) {
    jobs.push(
      runEvery({
        name: 'briefing-schedule',
        intervalMs: config.BRIEFING_SCHEDULE_INTERVAL_SECONDS * 1000,
        run: briefings.composeDue,
        db,
        logger,
        clock,
      }),
    );
  }
  if (directorySync) {
    const sync = directorySync;
    jobs.push(
      runEvery({
        name: 'directory-sync',
        intervalMs: directorySyncIntervalMs,
        run: () => sync.run(),
        db,
        logger,
        clock,
      }),
    );
  }
  let briefingDelivery: BriefingDelivery | undefined;
  if (config.BRIEFING_POLL_INTERVAL_MS > 0) {
    // The bot's own credentials, as for notifications below.
    briefingDelivery = startBriefingDelivery({
      queue: briefingQueue,
      briefings: briefingStore,
      channels: teamChannels,
      sender: new TeamsProactiveSender({
        auth: botFramework,
        botAppId: botAppId(botAuth),
        allowHttpServiceUrls: config.MODE === 'local',
        logger,
      }),
      render: renderBriefing,
      audit,
      logger,
      options: { pollIntervalMs: config.BRIEFING_POLL_INTERVAL_MS },
    });
  }
  // Notifications: the case store writes them to the outbox with each change; this instance delivers them,
  // with the bot's own credentials (none in local mode, where the connector is the playground's on loopback).
  let delivery: NotificationDelivery | undefined;
  if (config.NOTIFICATION_POLL_INTERVAL_MS > 0) {
    delivery = startNotificationDelivery({
      outbox: new PostgresNotificationOutbox(db, { clock }),
      references: conversationReferences,
      cases,
      sender: new TeamsProactiveSender({
        auth: botFramework,
        botAppId: botAppId(botAuth),
        allowHttpServiceUrls: config.MODE === 'local',
        logger,
      }),
      render: notificationMessage,
      logger,
      options: { pollIntervalMs: config.NOTIFICATION_POLL_INTERVAL_MS },
    });
  }
  const address = server.address();
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${address.port}`;
  return {
    server,
    db,
    url,
    ingestWorker,
    close: async () => {
      // Jobs first: a sweep in progress finishes, and a notification being sent is recorded (the rest go back
      // to the outbox), before the database closes under them.
      await Promise.all([
        ...jobs.map((job) => job.stop()),
        delivery?.stop(),
        settingsReload.stop(),
        work?.stop(),
        briefingDelivery?.stop(),
        ingestWorker?.stop(),
      ]);
      await ocr?.close();
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
  const app = await startApp(config, logger, { checkDocumentStore: true });
  const base = config.PUBLIC_URL ?? app.url;
  logger.info({ url: base, mode: config.MODE }, 'Members\u2019 Hub is listening');
  process.stdout.write(
    [
      '',
      `  Members' Hub is running (${config.MODE === 'local' ? 'embedded default: PGlite, local identity, demo council' : 'Microsoft 365 mode'})`,
      `  Tab:      ${base}/tab/${config.MODE === 'local' ? '  (you are asked who to be: a councillor, an officer…)' : ''}`,
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
