import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { Actor } from '../app/actor';
import type { CaseFiling, MessageDocumentsOutcome } from '../app/case-filing';
import type { CaseRecord, LikelyDuplicate } from '../app/case-record';
import type { CaseView } from '../app/case-view';
import type { Casework, RaiseCaseRequest } from '../app/casework';
import type { CaseCategories } from '../app/case-categories';
import type { Clock, ConversationReferences, ConversationScope, Directory } from '../app/ports';
import type { CaseEvent, CaseStatus } from '../domain/case';
import { DomainError, NotFoundError, UnknownChoiceError, ValidationError } from '../domain/errors';
import type { CaseRef } from '../domain/ids';
import { hasRole, type Person } from '../domain/person';
import { ActionBody, CASE_REF_PATTERN } from '../http/schemas';
import type { Logger } from '../logger';
import { CASE_VERBS, CARD_EVENT_COUNT, caseCard, casePreview, type CaseCardEvent } from './cards/case-card';
import { caseListCard } from './cards/case-list-card';
import { FILE_TO_CASE, fileToCaseCard } from './cards/file-to-case-card';
import { formatDate, formatInstant } from './cards/format';
import { helpCard } from './cards/help-card';
import { messageCard } from './cards/message-card';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment, type AdaptiveCard } from './cards/render';
import { NAVIGATION_VERBS } from './cards/verbs';
import { parseCommand, searchWords, type Command } from './commands';
import {
  CREATE_CASE_VERB,
  duplicatesSeenIn,
  errorsFromIssues,
  formValues,
  newCaseFormCard,
  parseForm,
  submissionIdOf,
} from './new-case-form';
import { REPLIES, failure, noMatch, notFound, pastTheEnd, sentenceFor } from './replies';
import { messageToFile, type TeamsMessagePayload } from './teams-message';
import { NOT_COPIED } from '../app/shared-files';
import { turnIdOf } from './turn-error';
import type { BriefingHandlers } from './briefing-handlers';

/** The message extension's command ids, as in the app manifest. */
export const MESSAGE_EXTENSION_COMMANDS = { search: 'searchCases', fileToCase: 'fileToCase' } as const;

export interface MembersHubBotDeps {
  casework: Pick<Casework, 'getWithTimeline' | 'list' | 'raise' | 'raisedWithKey' | 'act'>;
  /** The likely-duplicate check the new-case form runs before raising (as the tab's New case page does). */
  caseRecord: Pick<CaseRecord, 'likelyDuplicates'>;
  caseFiling: Pick<CaseFiling, 'fileMessage' | 'requestFiling' | 'filingRequest'>;
  /**
   * Microsoft 365 mode: "File to case" opens the tab's dialog (a Members' Hub page signed in as the person, so
   * files shared in the message are copied with their permission) instead of the bot's own card.
   */
  fileToCaseDialog?: boolean | undefined;
  directory: Pick<Directory, 'personByOid' | 'person' | 'wards' | 'departments'>;
  /** The managed category list: the new-case form offers its active categories. */
  categories: Pick<CaseCategories, 'offered'>;
  /**
   * Where each person can be reached, for proactive notifications: saved on install and on a person's first
   * message. Optional so the bot runs before a store is wired; without it nothing is saved.
   */
  conversationReferences?: Pick<ConversationReferences, 'save' | 'forPerson' | 'markInactive'> | undefined;
  logger: Logger;
  clock: Clock;
  /** The service's public base URL; the tab's links are built from it. */
  publicUrl: string;
  /** Microsoft 365 mode: only people of this Entra tenant are served. Unset in local mode. */
  tenantId?: string | undefined;
  /** Briefings: team channels and the `briefing` command (bot/briefing-handlers.ts); optional like references. */
  briefings?: BriefingHandlers | undefined;
}

/**
 * Cases a message may still be filed into, and that the search extension lists before anything is typed:
 * every case not closed, answered ones included. Wider than "open" (`my cases`), on purpose.
 */
const NOT_CLOSED: readonly CaseStatus[] = ['new', 'triaged', 'with-department', 'responded', 'on-hold'];
const LIST_PAGE_SIZE = 8;
const CHOICES_SHOWN = 5;
/** Teams asks for 25 results at a time and pages with `skip`; honouring its count keeps paging exact. */
const SEARCH_RESULTS = 25;
const CASES_TO_FILE_INTO = 50;
/** A person's conversation reference is saved again at most this often while the process runs. */
const REMEMBER_EVERY_MS = 60 * 60 * 1000;
const REMEMBERED_LIMIT = 10_000;
const EXCERPT_LENGTH = 500;

interface Turn {
  id: string;
  log: Logger;
  /** The person, from the directory by their Entra object id; null when they are not set up. */
  actor: Actor | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const scopeOf = (activity: Partial<Activity>): ConversationScope => {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'team';
  if (type === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
};

const cardResponse = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: ADAPTIVE_CARD_CONTENT_TYPE,
  value: card,
});

const taskMessage = (value: string): MessagingExtensionActionResponse => ({
  task: { type: 'message', value },
});

const extensionMessage = (text: string): MessagingExtensionResponse => ({
  composeExtension: { type: 'message', text },
});

/**
 * Members' Hub in Teams: the personal-chat commands, the case cards' Universal Actions, and the two message
 * extension commands. Every path asks the casework use cases, so the access policy and the audit log apply
 * exactly as they do to the tab's API; the person is found from their Entra object id in the directory
 * (a bot turn carries no user token: the Bot Framework authenticates the request itself).
 */
export class MembersHubBot extends TeamsActivityHandler {
  /** When each person's reference in each conversation was last saved by this process. */
  private readonly remembered = new Map<string, number>();

  constructor(private readonly deps: MembersHubBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.handleMembersAdded(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      const turn = await this.begin(context);
      if (turn.actor) await this.remember(context, turn, { force: true });
      if (scopeOf(context.activity) === 'team') await this.deps.briefings?.installedInTeam(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.forget(context);
      if (scopeOf(context.activity) === 'team') await this.deps.briefings?.removedFromTeam(context);
      await next();
    });
    this.onTeamsChannelCreatedEvent(async (channel, _team, context, next) => {
      await this.deps.briefings?.channelCreated(context, channel);
      await next();
    });
    this.onTeamsChannelRenamedEvent(async (channel, _team, _context, next) => {
      await this.deps.briefings?.channelRenamed(channel);
      await next();
    });
    this.onTeamsChannelDeletedEvent(async (channel, _team, _context, next) => {
      await this.deps.briefings?.channelDeleted(channel);
      await next();
    });
  }

  // ---- turn basics ----

  private async begin(context: TurnContext): Promise<Turn> {
    const id = turnIdOf(context);
    const { activity } = context;
    const log = this.deps.logger.child({
      turnId: id,
      activityType: activity.type,
      ...(activity.name ? { activityName: activity.name } : {}),
    });
    const person = await this.personFor(activity);
    if (!person) log.info('not set up: no directory person for this Teams user');
    return {
      id,
      log: person ? log.child({ personId: person.id }) : log,
      actor: person ? { person, requestId: id } : null,
    };
  }

  private async personFor(activity: Activity): Promise<Person | null> {
    const oid = activity.from?.aadObjectId?.trim().toLowerCase();
    if (!oid) return null;
    if (this.deps.tenantId !== undefined) {
      const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
      const tenant =
        activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : '');
      if (tenant.toLowerCase() !== this.deps.tenantId.toLowerCase()) return null;
    }
    // A person from Entra ID whose roles were all removed is kept (their cases name them) but serves nothing.
    const person = await this.deps.directory.personByOid(oid);
    return person && person.roles.length > 0 ? person : null;
  }

  /** Saves where the person can be reached (first message in this conversation since start, and on install). */
  private async remember(context: TurnContext, turn: Turn, options: { force?: boolean } = {}): Promise<void> {
    const store = this.deps.conversationReferences;
    const conversationId = context.activity.conversation?.id;
    if (!store || !turn.actor || !conversationId) return;
    const key = `${turn.actor.person.id}\u0000${conversationId}`;
    const now = this.deps.clock.now().getTime();
    const last = this.remembered.get(key);
    if (!options.force && last !== undefined && now - last < REMEMBER_EVERY_MS) return;
    try {
      await store.save(
        turn.actor.person.id,
        TurnContext.getConversationReference(context.activity),
        scopeOf(context.activity),
      );
      if (this.remembered.size >= REMEMBERED_LIMIT) this.remembered.clear();
      this.remembered.set(key, now);
    } catch (error) {
      // Not being able to store the reference must not stop the person using the bot; the next message retries.
      turn.log.warn({ err: error }, 'could not save the conversation reference');
    }
  }

  /** The app was removed from a conversation: stop sending there (for the person, or for everyone in a team). */
  private async forget(context: TurnContext): Promise<void> {
    const store = this.deps.conversationReferences;
    const conversationId = context.activity.conversation?.id;
    if (!store || !conversationId) return;
    const turn = await this.begin(context);
    const scope = scopeOf(context.activity);
    if (scope === 'personal' && !turn.actor) return;
    await store.markInactive(conversationId, {
      ...(scope === 'personal' && turn.actor ? { personId: turn.actor.person.id } : {}),
      reason: 'app removed',
    });
  }

  /**
   * What someone the directory does not know (or who holds no role) is told: in Microsoft 365 mode people come
   * from Entra ID, registered at their first sign-in to the tab or by the next directory sync.
   */
  private get notSetUp(): string {
    return this.deps.tenantId === undefined ? REPLIES.notSetUp : REPLIES.notSetUpEntra;
  }

  private tabUrl(ref?: CaseRef): string {
    return ref === undefined
      ? `${this.deps.publicUrl}/tab`
      : `${this.deps.publicUrl}/tab/cases/${encodeURIComponent(ref)}`;
  }

  // ---- conversation ----

  private async handleMembersAdded(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (!botAdded) return;
    const turn = await this.begin(context);
    if (turn.actor) await this.remember(context, turn, { force: true });
    if (scopeOf(activity) === 'team') await this.deps.briefings?.installedInTeam(context);
    if (scopeOf(activity) !== 'personal') return;
    await context.sendActivity(
      turn.actor
        ? MessageFactory.attachment(this.help(turn.actor.person))
        : MessageFactory.text(this.notSetUp),
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const turn = await this.begin(context);
    if (!turn.actor) {
      await context.sendActivity(this.notSetUp);
      return;
    }
    await this.remember(context, turn);
    const text = messageText(context);
    const command = parseCommand(text);
    turn.log.info({ command: command.kind }, 'command');
    if (scopeOf(context.activity) !== 'personal') {
      // Channels and group chats see help only: case details are for the member's own eyes.
      await context.sendActivity(
        command.kind === 'help'
          ? MessageFactory.attachment(this.help(turn.actor.person))
          : REPLIES.personalOnly,
      );
      return;
    }
    await this.reply(context, turn, turn.actor, command);
  }

  private async reply(context: TurnContext, turn: Turn, actor: Actor, command: Command): Promise<void> {
    switch (command.kind) {
      case 'help':
      case 'greeting':
        await context.sendActivity(MessageFactory.attachment(this.help(actor.person)));
        return;
      case 'my-cases':
        await context.sendActivity(await this.myCases(actor, command.page));
        return;
      case 'status':
        await context.sendActivity(await this.statusReply(context, actor, command.ref));
        return;
      case 'thanks':
        await context.sendActivity(REPLIES.thanks);
        return;
      case 'status-usage':
        await context.sendActivity(REPLIES.statusUsage);
        return;
      case 'new-case':
        await context.sendActivity(await this.newCaseForm(actor));
        return;
      case 'follow-up':
        await context.sendActivity(await this.followUpReply(context, actor, command.ref, command.text));
        return;
      case 'follow-up-usage':
        await context.sendActivity(REPLIES.followUpUsage);
        return;
      case 'search':
        await context.sendActivity(await this.searchReply(context, actor, command.words));
        return;
      case 'briefing':
        if (this.deps.briefings) await context.sendActivities(await this.deps.briefings.latest(actor));
        else await context.sendActivity(REPLIES.unknown);
        return;
      case 'unknown':
        turn.log.debug('no command recognised');
        await context.sendActivity(REPLIES.unknown);
        return;
    }
  }

  private help(person: Person): Attachment {
    return cardAttachment(helpCard({ displayName: person.displayName, tabUrl: this.tabUrl() }));
  }

  private async myCases(actor: Actor, pageNumber: number): Promise<Partial<Activity>> {
    const mine = hasRole(actor.person, 'Councillor');
    const offset = (pageNumber - 1) * LIST_PAGE_SIZE;
    // "Open" as the tab's default list means it (domain/case-news.ts), so the two count alike.
    const page = await this.deps.casework.list(actor, { mine, open: true, limit: LIST_PAGE_SIZE, offset });
    if (page.total === 0) return MessageFactory.text(REPLIES.noOpenCases);
    if (page.items.length === 0) return MessageFactory.text(pastTheEnd(page.total));
    const last = offset + page.items.length;
    const card = caseListCard({
      heading: mine ? 'Your open cases' : 'Open cases you can see',
      summary: `${offset + 1} to ${last} of ${page.total}, overdue first.`,
      items: page.items,
      nextPage: last < page.total ? pageNumber + 1 : undefined,
    });
    return MessageFactory.attachment(cardAttachment(card));
  }

  private async statusReply(context: TurnContext, actor: Actor, ref: CaseRef): Promise<Partial<Activity>> {
    try {
      const card = await this.caseCardFor(context, actor, ref);
      return MessageFactory.attachment(cardAttachment(card));
    } catch (error) {
      if (error instanceof NotFoundError) return MessageFactory.text(notFound(ref));
      throw error;
    }
  }

  private async newCaseForm(actor: Actor): Promise<Partial<Activity>> {
    if (!hasRole(actor.person, 'Councillor')) return MessageFactory.text(REPLIES.councillorsOnly);
    const [wards, categories] = await Promise.all([
      this.deps.directory.wards(),
      this.deps.categories.offered(),
    ]);
    const card = newCaseFormCard({
      wards,
      categories,
      values: { wardId: actor.person.wardIds?.[0] ?? '' },
      submissionId: randomUUID(),
    });
    return MessageFactory.attachment(cardAttachment(card));
  }

  private async followUpReply(
    context: TurnContext,
    actor: Actor,
    ref: CaseRef,
    text: string,
  ): Promise<Partial<Activity>> {
    try {
      await this.followUp(actor, ref, text);
      const card = await this.caseCardFor(context, actor, ref, {
        notice: { text: REPLIES.followUpSent, tone: 'good' },
      });
      return MessageFactory.attachment(cardAttachment(card), `${REPLIES.followUpSent} (${ref})`);
    } catch (error) {
      if (error instanceof NotFoundError) return MessageFactory.text(notFound(ref));
      if (error instanceof DomainError) return MessageFactory.text(sentenceFor(error));
      throw error;
    }
  }

  /** The follow-up action, checked like the API checks it (same schema), then through the use case. */
  private async followUp(actor: Actor, ref: CaseRef, text: string): Promise<CaseView> {
    const parsed = ActionBody.safeParse({ type: 'follow-up', text });
    if (!parsed.success || parsed.data.type !== 'follow-up')
      throw new ValidationError('Type a follow-up question of up to 10,000 characters.');
    return this.deps.casework.act(actor, ref, parsed.data);
  }

  /**
   * Plain words: the member's cases that match all the words, else any of them. One match on all the words is
   * answered as `status` would; otherwise the member is asked which case they mean.
   */
  private async searchReply(context: TurnContext, actor: Actor, words: string[]): Promise<Partial<Activity>> {
    const mine = hasRole(actor.person, 'Councillor');
    const search = (text: string) =>
      this.deps.casework.list(actor, { mine, text, limit: CHOICES_SHOWN, offset: 0 });
    const all = await search(words.join(' '));
    if (all.total === 1 && all.items[0]) return this.statusReply(context, actor, all.items[0].ref);
    const page = all.total > 0 || words.length === 1 ? all : await search(words.join(' or '));
    if (page.total === 0) return MessageFactory.text(noMatch(words));
    const card = caseListCard({
      heading: all.total > 0 ? 'Which case do you mean?' : 'Did you mean one of these?',
      summary:
        page.total > page.items.length
          ? `${page.total} cases match; these are the ${page.items.length} most pressing. Add a word or two to narrow it down.`
          : `${page.total} cases match.`,
      items: page.items,
    });
    return MessageFactory.attachment(cardAttachment(card));
  }

  /**
   * One case as a card, read through the use cases (access checked and audited): the case, its department's
   * name, its latest timeline entries with who made them, the users whose clients refresh it, and, in a
   * personal chat only, the latest response in full (a card refreshed where it was inserted into a shared
   * conversation never gains it).
   */
  private async caseCardFor(
    context: TurnContext,
    actor: Actor,
    ref: CaseRef,
    extras: { notice?: { text: string; tone: 'good' | 'attention' }; followUpDraft?: string } = {},
  ): Promise<AdaptiveCard> {
    const {
      view,
      events: timeline,
      latestResponse,
    } = await this.deps.casework.getWithTimeline(actor, ref, { events: CARD_EVENT_COUNT });
    const personal = scopeOf(context.activity) === 'personal';
    const responseText = personal ? latestResponse?.data.response : undefined;
    const [events, departmentName, refreshUserIds, responder] = await Promise.all([
      this.latestEvents(timeline),
      this.departmentName(view),
      this.refreshUserIds(actor, view, context.activity.from?.id),
      typeof responseText === 'string' && latestResponse?.actorId
        ? this.deps.directory.person(latestResponse.actorId)
        : Promise.resolve(null),
    ]);
    return caseCard({
      view,
      departmentName,
      events,
      tabUrl: this.tabUrl(view.ref),
      refreshUserIds,
      now: this.deps.clock.now(),
      response:
        typeof responseText === 'string' && latestResponse
          ? { text: responseText, byName: responder?.displayName ?? null, at: latestResponse.at }
          : undefined,
      ...extras,
    });
  }

  /** The card's timeline entries, newest first, with who made them. */
  private async latestEvents(timeline: readonly CaseEvent[]): Promise<CaseCardEvent[]> {
    const latest = timeline.slice(-CARD_EVENT_COUNT).reverse();
    const ids = [...new Set(latest.map((e) => e.actorId).filter((id): id is string => id !== null))];
    const people = await Promise.all(ids.map((id) => this.deps.directory.person(id)));
    const names = new Map(ids.map((id, i) => [id, people[i]?.displayName ?? null]));
    return latest.map((e) => ({
      at: e.at,
      type: e.type,
      actorName: e.actorId === null ? null : (names.get(e.actorId) ?? null),
    }));
  }

  private async departmentName(view: CaseView): Promise<string | null> {
    if (view.departmentId === null) return null;
    const departments = await this.deps.directory.departments();
    return departments.find((d) => d.id === view.departmentId)?.name ?? null;
  }

  /**
   * Whose Teams clients refresh the card automatically: the case's member. When the member is the one
   * looking, their Teams id is on this very activity; otherwise it comes from the member's stored personal
   * conversation, if there is one. With no id the card is refreshed by hand.
   */
  private async refreshUserIds(
    actor: Actor,
    view: CaseView,
    viewerUserId: string | undefined,
    options: { lookUp?: boolean } = { lookUp: true },
  ): Promise<string[]> {
    if (view.memberId === null) return [];
    if (view.memberId === actor.person.id) return viewerUserId ? [viewerUserId] : [];
    const store = this.deps.conversationReferences;
    if (!store || !options.lookUp) return [];
    const saved = await store.forPerson(view.memberId);
    const personal = saved.find((r) => r.scope === 'personal')?.reference.user?.id;
    return personal ? [personal] : [];
  }

  // ---- Universal Actions (adaptiveCard/action) ----

  /**
   * Every button on a case card and every automatic refresh lands here. Access is checked again each time
   * through the use cases: a card forwarded to, or refreshed by, someone who may not see the case gets the
   * same "cannot find" card as for a case that does not exist.
   */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.begin(context);
    if (!turn.actor) return cardResponse(messageCard({ text: this.notSetUp }));
    const actor = turn.actor;
    const { verb } = invokeValue.action;
    const data = isRecord(invokeValue.action.data) ? invokeValue.action.data : {};
    const ref = typeof data.ref === 'string' ? data.ref.trim().toUpperCase() : '';
    turn.log.info({ verb }, 'card action');
    try {
      switch (verb) {
        case CASE_VERBS.refresh:
          return cardResponse(await this.caseCardFor(context, actor, checkedRef(ref)));
        case CASE_VERBS.followUp:
          return cardResponse(await this.followUpFromCard(context, actor, checkedRef(ref), data));
        case CREATE_CASE_VERB:
          return cardResponse(await this.createCaseFromCard(context, turn, actor, data));
        case NAVIGATION_VERBS.showCase:
        case NAVIGATION_VERBS.myCases:
        case NAVIGATION_VERBS.newCase:
          return cardResponse(await this.navigateFromCard(context, actor, verb, ref, data));
        default:
          return cardResponse(messageCard({ text: REPLIES.unknownButton }));
      }
    } catch (error) {
      if (error instanceof NotFoundError)
        return cardResponse(messageCard({ text: ref ? notFound(ref) : REPLIES.unknownButton }));
      if (error instanceof DomainError) return cardResponse(messageCard({ text: sentenceFor(error) }));
      turn.log.error({ err: error, verb }, 'card action failed');
      return cardResponse(messageCard({ text: failure(turn.id), tone: 'attention' }));
    }
  }

  /**
   * The list, help and notification cards' buttons: answered exactly as the typed commands (`status <ref>`,
   * `my cases [page]`, `new case`) are, through the same use cases and checks, as a card that replaces the
   * one clicked. Like the commands, they answer only in the personal chat: case details are for the member.
   */
  private async navigateFromCard(
    context: TurnContext,
    actor: Actor,
    verb: string,
    ref: string,
    data: Record<string, unknown>,
  ): Promise<AdaptiveCard> {
    if (scopeOf(context.activity) !== 'personal') return messageCard({ text: REPLIES.personalOnly });
    switch (verb) {
      case NAVIGATION_VERBS.showCase:
        return cardOf(await this.statusReply(context, actor, checkedRef(ref)));
      case NAVIGATION_VERBS.myCases:
        return cardOf(await this.myCases(actor, pageOf(data.page)));
      case NAVIGATION_VERBS.newCase:
        return cardOf(await this.newCaseForm(actor));
      default:
        return messageCard({ text: REPLIES.unknownButton });
    }
  }

  private async followUpFromCard(
    context: TurnContext,
    actor: Actor,
    ref: CaseRef,
    data: Record<string, unknown>,
  ): Promise<AdaptiveCard> {
    const text = typeof data.followUpText === 'string' ? data.followUpText : '';
    try {
      await this.followUp(actor, ref, text);
      return await this.caseCardFor(context, actor, ref, {
        notice: { text: REPLIES.followUpSent, tone: 'good' },
      });
    } catch (error) {
      if (error instanceof NotFoundError || !(error instanceof DomainError)) throw error;
      // The case is visible but the follow-up was refused: show the case as it is, with the reason and the draft.
      return this.caseCardFor(context, actor, ref, {
        notice: { text: sentenceFor(error), tone: 'attention' },
        followUpDraft: text,
      });
    }
  }

  /**
   * The earlier cases the person may see that the form's case may repeat (the same check as the tab's New case
   * page). None when this form's key already raised a case (submitting it again answers with that case), and
   * none when the check fails: raising goes ahead, as in the tab, and the failure is logged.
   */
  private async likelyDuplicates(
    turn: Turn,
    actor: Actor,
    request: RaiseCaseRequest,
    requestKey: string | undefined,
  ): Promise<LikelyDuplicate[]> {
    try {
      if (requestKey !== undefined && (await this.deps.casework.raisedWithKey(actor, requestKey))) return [];
      const { name, email, phone, address, postcode } = request.constituent;
      return await this.deps.caseRecord.likelyDuplicates(actor, {
        constituent: { name, email, phone, address, postcode },
        category: request.category,
      });
    } catch (error) {
      turn.log.warn({ err: error }, 'new case: the likely-duplicate check failed; raising without it');
      return [];
    }
  }

  /** The `new case` form's submit: the same use case as `POST /api/cases`; any problem goes back onto the form. */
  private async createCaseFromCard(
    context: TurnContext,
    turn: Turn,
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<AdaptiveCard> {
    const values = formValues(data);
    const [wards, categories] = await Promise.all([
      this.deps.directory.wards(),
      this.deps.categories.offered(),
    ]);
    const requestKey = submissionIdOf(data);
    // The same key when the form comes back: a corrected form is still the one request.
    const submissionId = requestKey ?? randomUUID();
    if (!hasRole(actor.person, 'Councillor'))
      return newCaseFormCard({ wards, categories, values, submissionId, problem: REPLIES.councillorsOnly });
    const parsed = parseForm(values);
    if (!parsed.ok)
      return newCaseFormCard({ wards, categories, values, submissionId, errors: parsed.errors });
    const duplicates = duplicatesSeenIn(data)
      ? []
      : await this.likelyDuplicates(turn, actor, parsed.request, requestKey);
    // Nothing is raised: the form comes back as typed, with the same key, naming the earlier cases.
    if (duplicates.length > 0)
      return newCaseFormCard({ wards, categories, values, submissionId, duplicates });
    try {
      // A second submit of this form (a double click, Teams retrying) answers with the case already raised.
      const view = await this.deps.casework.raise(actor, parsed.request, { requestKey });
      return caseCard({
        view,
        departmentName: null,
        events: [{ at: view.createdAt, type: 'raised', actorName: actor.person.displayName }],
        tabUrl: this.tabUrl(view.ref),
        refreshUserIds: await this.refreshUserIds(actor, view, context.activity.from?.id),
        now: this.deps.clock.now(),
        notice: {
          text: `Case ${view.ref} raised. Democratic Services will acknowledge it by ${formatDate(view.acknowledgeBy)}.`,
          tone: 'good',
        },
      });
    } catch (error) {
      if (error instanceof ValidationError || error instanceof UnknownChoiceError)
        return newCaseFormCard({
          wards,
          categories,
          values,
          submissionId,
          errors: errorsFromIssues(error.issues, error.message),
        });
      if (error instanceof DomainError)
        return newCaseFormCard({ wards, categories, values, submissionId, problem: sentenceFor(error) });
      throw error;
    }
  }

  // ---- message extensions ----

  /** Search command: the person's cases matching the words typed, as cards to insert into any chat. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const turn = await this.begin(context);
    if (!turn.actor) return extensionMessage(this.notSetUp);
    if (query.commandId !== MESSAGE_EXTENSION_COMMANDS.search) return extensionMessage(REPLIES.unknownButton);
    const actor = turn.actor;
    try {
      const typed: unknown = query.parameters?.find((p) => p.name !== 'initialRun')?.value;
      const text = typeof typed === 'string' ? typed.trim() : '';
      const refLike = /^MH-\d{4}(-\d{0,5})?$/i.test(text) ? text.toUpperCase() : undefined;
      const words = refLike ? [] : searchWords(text);
      const skip = Math.max(0, Math.trunc(query.queryOptions?.skip ?? 0));
      const count = Math.min(
        SEARCH_RESULTS,
        Math.max(1, Math.trunc(query.queryOptions?.count ?? SEARCH_RESULTS)),
      );
      const mine = hasRole(actor.person, 'Councillor');
      const searching = refLike !== undefined || words.length > 0;
      const page = await this.deps.casework.list(actor, {
        mine,
        ...(searching ? { text: refLike ?? words.join(' ') } : { status: NOT_CLOSED }),
        limit: count,
        offset: skip,
      });
      const departments = new Map((await this.deps.directory.departments()).map((d) => [d.id, d.name]));
      const now = this.deps.clock.now();
      const attachments = await Promise.all(
        page.items.map(async (view) => ({
          ...cardAttachment(
            caseCard({
              view,
              departmentName:
                view.departmentId === null ? null : (departments.get(view.departmentId) ?? null),
              events: [],
              tabUrl: this.tabUrl(view.ref),
              refreshUserIds: await this.refreshUserIds(actor, view, context.activity.from?.id, {
                lookUp: false,
              }),
              now,
            }),
          ),
          preview: casePreview(view),
        })),
      );
      return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
    } catch (error) {
      turn.log.error({ err: error }, 'message extension search failed');
      return extensionMessage(failure(turn.id));
    }
  }

  /** What both "File to case" steps check first: a known person, the right command, a message to file. */
  private async openFileToCase(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse | { turn: Turn; actor: Actor; payload: TeamsMessagePayload }> {
    const turn = await this.begin(context);
    if (!turn.actor) return taskMessage(this.notSetUp);
    if (action.commandId !== MESSAGE_EXTENSION_COMMANDS.fileToCase) return taskMessage(REPLIES.unknownButton);
    const payload = action.messagePayload as TeamsMessagePayload | undefined;
    if (!payload) return taskMessage(REPLIES.notAMessage);
    return { turn, actor: turn.actor, payload };
  }

  /** "File to case" opened on a message: a dialog with the message and the person's open cases to choose from. */
  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const opened = await this.openFileToCase(context, action);
    if (!('payload' in opened)) return opened;
    const { turn, actor, payload } = opened;
    if (this.deps.fileToCaseDialog) return this.fileToCaseDialog(turn, actor, payload);
    try {
      const page = await this.deps.casework.list(actor, {
        mine: hasRole(actor.person, 'Councillor'),
        status: NOT_CLOSED,
        limit: CASES_TO_FILE_INTO,
        offset: 0,
      });
      if (page.items.length === 0) return taskMessage(REPLIES.nothingToFile);
      const message = messageToFile(payload);
      const card = fileToCaseCard({
        senderName: message.senderName,
        sentLabel: message.sentAt ? formatInstant(message.sentAt) : 'time not given',
        excerpt:
          message.text.length > EXCERPT_LENGTH
            ? `${message.text.slice(0, EXCERPT_LENGTH - 1)}\u2026`
            : message.text,
        cases: page.items,
      });
      return {
        task: {
          type: 'continue',
          value: { title: 'File to case', height: 'medium', width: 'medium', card: cardAttachment(card) },
        },
      };
    } catch (error) {
      turn.log.error({ err: error }, 'file to case: could not open the dialog');
      return taskMessage(failure(turn.id));
    }
  }

  /**
   * "File to case" in Microsoft 365 mode: the message waits for the person in Members' Hub's own dialog page,
   * where they choose the case and it is filed with their sign-in (files shared in it are copied as them).
   */
  private async fileToCaseDialog(
    turn: Turn,
    actor: Actor,
    payload: TeamsMessagePayload,
  ): Promise<MessagingExtensionActionResponse> {
    try {
      const { id } = await this.deps.caseFiling.requestFiling(actor, messageToFile(payload));
      const url = `${this.deps.publicUrl}/tab/file-message/${id}`;
      return {
        task: {
          type: 'continue',
          value: { title: 'File to case', url, fallbackUrl: url, height: 'large', width: 'medium' },
        },
      };
    } catch (error) {
      if (error instanceof ValidationError && error.issues.length > 0)
        return taskMessage(`${error.message} (${error.issues.map((i) => i.message).join('; ')})`);
      turn.log.error({ err: error }, 'file to case: could not open the dialog');
      return taskMessage(failure(turn.id));
    }
  }

  /** What the tab's dialog says when it closes: what filing did, as recorded with the request. */
  private async fileToCaseDialogClosed(
    turn: Turn,
    actor: Actor,
    id: string,
  ): Promise<MessagingExtensionActionResponse> {
    try {
      const { outcome } = await this.deps.caseFiling.filingRequest(actor, id);
      return taskMessage(outcome ? filedReply(outcome.ref, outcome.documents) : REPLIES.nothingFiled);
    } catch (error) {
      if (error instanceof NotFoundError) return taskMessage(REPLIES.nothingFiled);
      turn.log.error({ err: error }, 'file to case: could not read what the dialog did');
      return taskMessage(failure(turn.id));
    }
  }

  /** The dialog's submit: files the message into the chosen case through the filing use case. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const submitted = isRecord(action.data) ? action.data.messageFiling : undefined;
    if (typeof submitted === 'string' && this.deps.fileToCaseDialog) {
      const turn = await this.begin(context);
      if (!turn.actor) return taskMessage(this.notSetUp);
      return this.fileToCaseDialogClosed(turn, turn.actor, submitted);
    }
    const opened = await this.openFileToCase(context, action);
    if (!('payload' in opened)) return opened;
    const { turn, actor, payload } = opened;
    const data = isRecord(action.data) ? action.data : {};
    const chosen = data[FILE_TO_CASE.caseInput];
    const ref = typeof chosen === 'string' ? chosen.trim().toUpperCase() : '';
    if (ref === '') return taskMessage('Choose the case to file the message into.');
    try {
      const { view, documents } = await this.deps.caseFiling.fileMessage(
        actor,
        checkedRef(ref),
        messageToFile(payload),
      );
      turn.log.info({ caseRef: view.ref, documents }, 'message filed');
      return taskMessage(filedReply(view.ref, documents));
    } catch (error) {
      if (error instanceof NotFoundError) return taskMessage(`${notFound(ref)} Nothing was filed.`);
      if (error instanceof ValidationError && error.issues.length > 0)
        return taskMessage(`${error.message} (${error.issues.map((i) => i.message).join('; ')})`);
      if (error instanceof DomainError) return taskMessage(sentenceFor(error));
      turn.log.error({ err: error }, 'file to case failed');
      return taskMessage(failure(turn.id));
    }
  }
}

/** What "File to case" says once the message is on the timeline, and what became of its documents. */
const filedReply = (ref: string, documents: MessageDocumentsOutcome | null): string => {
  const onTimeline = `Filed into ${ref}. You will find it on the case\u2019s timeline`;
  if (documents === null) return `${onTimeline}.`;
  const { record, attachments } = documents;
  // Shared files that could not be copied are linked from the message's record, and the person is told why.
  const linked = (documents.notCopied ?? [])
    .map(
      (n) =>
        ` ${n.name} was not copied because ${NOT_COPIED[n.reason]}: its link is in the message\u2019s record.`,
    )
    .join('');
  const stored =
    attachments.stored === 0
      ? 'the message'
      : `the message and ${attachments.stored === 1 ? 'its attachment' : `${attachments.stored} attachments`}`;
  if (record === 'failed')
    return `${onTimeline}, but its record could not be saved in the case\u2019s documents: file it again to try once more.`;
  if (record === 'in-progress')
    return `${onTimeline}. The message and its attachments are still being saved in its documents: look there in a minute, and if they are missing, file it again.${linked}`;
  const failed =
    attachments.failed === 0
      ? ''
      : ` ${attachments.failed === 1 ? 'One attachment' : `${attachments.failed} attachments`} could not be saved: file the message again to try once more.`;
  return `${onTimeline}, and ${stored} in its documents.${failed}${linked}`;
};

/** A well-formed reference, or the same "not found" as for any case that does not exist. */
const checkedRef = (ref: string): CaseRef => {
  if (!CASE_REF_PATTERN.test(ref)) throw new NotFoundError();
  return ref;
};

/** A card button's page number: a whole number from 1 (as a number or a string); 1 otherwise. */
const pageOf = (value: unknown): number => {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value) : value;
  return typeof page === 'number' && Number.isSafeInteger(page) && page >= 1 ? page : 1;
};

/** A reply as a card for an invoke response: its Adaptive Card, or its words on a message card. */
const cardOf = (reply: Partial<Activity>): AdaptiveCard => {
  const card = reply.attachments?.find((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)?.content as
    AdaptiveCard | undefined;
  return card ?? messageCard({ text: reply.text ?? REPLIES.unknownButton });
};

/**
 * The text of a message: without the bot's @mention (in channels), or, for a card button that sends words
 * (`imBack`) from a client that delivers them as data, those words.
 */
const messageText = (context: TurnContext): string => {
  const { activity } = context;
  if (activity.type !== String(ActivityTypes.Message)) return '';
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  if (text.trim() !== '') return text;
  const value: unknown = activity.value;
  if (isRecord(value) && isRecord(value.msteams) && typeof value.msteams.value === 'string')
    return value.msteams.value;
  return '';
};

/** Builds the bot from its dependencies (wired in main.ts, and in tests). */
export const createMembersHubBot = (deps: MembersHubBotDeps): MembersHubBot => new MembersHubBot(deps);
