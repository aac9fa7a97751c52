import { Writable } from 'node:stream';
import { TestAdapter, type Activity, type ConversationReference } from 'botbuilder';
import type { Actor } from '../../src/app/actor';
import { makeCaseFiling } from '../../src/app/case-filing';
import { makeCaseRecord } from '../../src/app/case-record';
import { makeCasework, type Casework, type RaiseCaseRequest } from '../../src/app/casework';
import type { CaseCategories } from '../../src/app/case-categories';
import type { Clock, Database } from '../../src/app/ports';
import {
  openPglite,
  PostgresAuditLog,
  PostgresCaseRecordStore,
  PostgresCaseStore,
  PostgresConversationReferences,
} from '../../src/adapters/postgres';
import {
  createMembersHubBot,
  type MembersHubBot,
  type MembersHubBotDeps,
} from '../../src/bot/members-hub-bot';
import { makeTurnErrorHandler } from '../../src/bot/turn-error';
import { createSlaClock } from '../../src/domain/sla-clock';
import { DEFAULT_SLA_POLICY } from '../../src/domain/sla-policy';
import { createLogger } from '../../src/logger';
import { PEOPLE, prepareTestDatabase, type Who, testCaseCategories } from './test-app';

export const PUBLIC_URL = 'https://hub.test.example';
export const SERVICE_URL = 'https://smba.test.example/uk/';
export const TENANT_ID = '11111111-2222-4333-8444-555555555555';

/** A Teams user who is not in the directory. */
export const STRANGER = {
  id: '29:stranger',
  aadObjectId: '99999999-0000-4000-8000-000000000099',
  name: 'Stranger',
};

export interface Conversation {
  /** The Teams user id (MRI) the person has in this conversation. */
  userId: string;
  /** Sends one activity (text means a message) and returns what the bot sent back, in order. */
  send(activity: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Sends an invoke and returns its invoke response ({ status, body }). */
  invoke(name: string, value: unknown): Promise<{ status: number; body: any }>;
}

export interface BotHarness {
  db: Database;
  bot: MembersHubBot;
  casework: Casework;
  /** The managed category list's use cases. */
  categories: CaseCategories;
  references: PostgresConversationReferences;
  /** The controllable clock every component uses. */
  setNow(iso: string): void;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  actor(who: Who): Actor;
  /** A conversation with the bot as `who` (or as someone the directory does not know). */
  chat(
    who: Who | typeof STRANGER,
    options?: { conversationType?: 'personal' | 'groupChat' | 'channel'; tenantId?: string },
  ): Conversation;
  raise(who: Who, overrides?: Partial<RaiseCaseRequest>): Promise<string>;
  stop(): Promise<void>;
}

export const aRequest = (overrides: Partial<RaiseCaseRequest> = {}): RaiseCaseRequest => ({
  kind: 'member-enquiry',
  origin: 'councillor',
  constituent: {
    name: 'Pat Resident',
    address: '1 Elm Road, Northtown',
    postcode: 'WQ1 2AB',
    consentToShare: true,
  },
  wardId: 'ward-north',
  category: 'Drainage',
  title: 'Blocked drain on Elm Road',
  description: 'Water pools across the footway after rain.',
  ...overrides,
});

/**
 * The bot on real use cases over an in-memory PGlite with the small test directory, driven through
 * botbuilder's TestAdapter: nothing of ours is mocked. In `tenantId` mode the bot serves only that tenant.
 */
export const startBotHarness = async (
  options: {
    tenantId?: string;
    start?: string;
    /** Stands in for the likely-duplicate check (to make it fail); the real one over the database otherwise. */
    caseRecord?: MembersHubBotDeps['caseRecord'];
  } = {},
): Promise<BotHarness> => {
  const db = await openPglite({});
  const directory = await prepareTestDatabase(db);
  let now = new Date(options.start ?? '2026-03-02T10:00:00.000Z');
  const clock: Clock = { now: () => now };
  const cases = new PostgresCaseStore(db, { clock });
  const audit = new PostgresAuditLog(db);
  const sla = createSlaClock(DEFAULT_SLA_POLICY);
  const categories = testCaseCategories(db, clock);
  const casework = makeCasework({
    categories,
    cases,
    audit,
    directory,
    clock,
    sla,
  });
  const references = new PostgresConversationReferences(db);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  const bot = createMembersHubBot({
    casework,
    caseRecord:
      options.caseRecord ?? makeCaseRecord({ cases, record: new PostgresCaseRecordStore(db), audit, clock }),
    categories,
    caseFiling: makeCaseFiling({ cases, audit, clock, sla }),
    directory,
    conversationReferences: references,
    logger,
    clock,
    publicUrl: PUBLIC_URL,
    tenantId: options.tenantId,
  });
  const onTurnError = makeTurnErrorHandler(logger);

  const actor = (who: Who): Actor => ({ person: PEOPLE[who], requestId: `test-${who}` });

  const chat: BotHarness['chat'] = (who, chatOptions = {}) => {
    const user =
      typeof who === 'string'
        ? { id: `29:${who}`, aadObjectId: PEOPLE[who].oid, name: PEOPLE[who].displayName }
        : who;
    const conversationType = chatOptions.conversationType ?? 'personal';
    const reference = {
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      locale: 'en-GB',
      conversation: {
        id: `a:${conversationType}-${user.id}`,
        conversationType,
        isGroup: conversationType !== 'personal',
        tenantId: chatOptions.tenantId ?? options.tenantId ?? TENANT_ID,
        name: '',
      },
      user,
      bot: { id: '28:members-hub', name: 'Members\u2019 Hub' },
    } as unknown as ConversationReference;
    const adapter = new TestAdapter(reference);
    adapter.onTurnError = onTurnError;
    const send: Conversation['send'] = async (activity) => {
      const request = typeof activity === 'string' ? { type: 'message', text: activity } : activity;
      await adapter.processActivity({ ...request }, (context) => bot.run(context));
      return adapter.activeQueue.splice(0);
    };
    return {
      userId: user.id,
      send,
      invoke: async (name, value) => {
        const replies = await send({ type: 'invoke', name, value });
        const response = replies.find((a) => a.type === 'invokeResponse');
        if (!response) throw new Error(`no invoke response to ${name}`);
        return response.value as { status: number; body: any };
      },
    };
  };

  return {
    db,
    bot,
    casework,
    categories,
    references,
    setNow: (iso) => {
      now = new Date(iso);
    },
    logs,
    actor,
    chat,
    raise: async (who, overrides) => (await casework.raise(actor(who), aRequest(overrides))).ref,
    stop: () => db.close(),
  };
};

/** The Adaptive Cards among a set of replies. */
export const cardsIn = (replies: readonly Partial<Activity>[]): any[] =>
  replies.flatMap((a) =>
    (a.attachments ?? [])
      .filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x) => x.content as unknown),
  );

/**
 * Every string in a card that is rendered as Markdown (TextBlock texts, FactSet facts), flattened. Choice
 * titles and input values are plain text, shown as typed, so they are not included.
 */
export const visibleText = (card: unknown): string[] => {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};

/** The Markdown escaping undone, to assert on what a person sees. */
export const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

/** All the words a person sees on a card, unescaped, as one string. */
export const cardText = (card: unknown): string => visibleText(card).map(unescape).join('\n');

/** Every action anywhere on a card (including inside show-cards and action sets). */
export const actionsIn = (card: unknown): Record<string, any>[] => {
  const out: Record<string, any>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, any>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};
