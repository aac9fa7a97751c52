import { randomBytes, randomUUID } from 'node:crypto';
import { canBriefing, canReadBriefing } from '../domain/access-policy';
import {
  BRIEFING_KINDS,
  composeDecisionBriefing,
  composeWardBriefing,
  suppressCasework,
  type BriefingKind,
  type WardCaseworkFigures,
} from '../domain/briefing';
import { cronProblem, latestDueRun, upcomingRuns } from '../domain/briefing-schedule';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { IsoMonth } from '../domain/reporting-period';
import type { SlaClock } from '../domain/sla-clock';
import type { UkRegion } from '../domain/working-days';
import type { Actor } from './actor';
import {
  briefingTarget,
  type Briefing,
  type BriefingFigures,
  type BriefingKindSettings,
  type BriefingStore,
  type BriefingTarget,
  type DecisionStore,
  type Delivery,
  type DeliveryQueue,
  type TeamChannel,
  type TeamChannels,
} from './briefing-ports';
import type { AuditEntryDraft, AuditLog, Clock, Directory, ProactiveMessage } from './ports';

export interface BriefingsDeps {
  store: BriefingStore;
  decisions: Pick<DecisionStore, 'list'>;
  figures: BriefingFigures;
  channels: Pick<TeamChannels, 'list' | 'get'>;
  deliveries: Pick<DeliveryQueue, 'resolve' | 'get'>;
  directory: Pick<Directory, 'wards'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  sla: Pick<SlaClock, 'today' | 'workingDaysSince'>;
  /** The bank-holiday calendar schedules skip (the SLA policy's region). */
  region: () => UkRegion;
  /** The posts a briefing becomes (cards, split when large): counted at approval, sent by the worker. */
  render: (briefing: Briefing) => ProactiveMessage[];
  newId?: () => string;
}

/** A briefing with where it goes and how its posts are doing: for previews, the report and the history. */
export interface BriefingView extends Briefing {
  target: BriefingTarget;
  channel: { channelId: string; name: string; teamName: string; active: boolean } | null;
  deliveries: (Delivery & { channelName: string | null })[];
  parts: number;
}

const shareToken = () => randomBytes(18).toString('base64url');

/**
 * Monthly briefings: composing drafts (the schedule), previews, the introduction, approval (which queues one
 * post per channel), the delivery report and history, settings and channel mapping, the member's own ward's
 * latest briefing, and the public page of a decision briefing. Reads of casework figures and every change are
 * audited; a briefing someone may not read answers as missing.
 */
export const makeBriefings = (deps: BriefingsDeps) => {
  const { store, audit, clock } = deps;
  const newId = deps.newId ?? randomUUID;

  const entry = (actor: Actor | null, action: string, detail: Record<string, unknown>): AuditEntryDraft => ({
    at: clock.now().toISOString(),
    actorId: actor?.person.id ?? null,
    action,
    outcome: 'allowed',
    ...(actor ? { requestId: actor.requestId } : {}),
    detail,
  });

  const require = async (
    actor: Actor,
    op: 'manage-briefings' | 'configure-briefings',
    action: string,
  ): Promise<void> => {
    if (canBriefing(actor.person, op)) return;
    await audit.record({ ...entry(actor, action, { reason: 'forbidden' }), outcome: 'denied' });
    throw new ForbiddenError(
      op === 'manage-briefings'
        ? 'Briefings are prepared by support officers.'
        : 'Only administrators can configure briefings.',
    );
  };

  // ---- composing ----

  /**
   * Composes `kind`'s briefings for `period` as drafts (or approved, when sending without approval is on).
   * Idempotent: a briefing that exists for its (kind, ward, period) is left as it is, so two instances, or a
   * rerun after a crash, compose each once.
   */
  const compose = async (
    kind: BriefingKind,
    period: IsoMonth,
  ): Promise<{ composed: number; existing: number }> => {
    const now = clock.now();
    const today = deps.sla.today(now);
    const wards = await deps.directory.wards();
    const existing = (await store.list({ period, limit: 10_000 })).filter((b) => b.kind === kind);
    const expected = kind === 'ward' ? wards.length : 1;
    if (existing.length >= expected) return { composed: 0, existing: existing.length };

    const decisions = await deps.decisions.list({ from: `${period}-01` });
    const drafts =
      kind === 'decision'
        ? [{ wardId: null, content: composeDecisionBriefing({ period, today, decisions }) }]
        : await (async () => {
            const figures = await deps.figures.wardCasework(period);
            const none: WardCaseworkFigures = {
              raised: 0,
              closed: 0,
              answered: 0,
              answeredWithinTarget: 0,
              categories: [],
              openNow: 0,
              oldestOpenRaisedOn: null,
            };
            return wards.map((ward) => ({
              wardId: ward.id,
              content: composeWardBriefing({
                ward,
                period,
                today,
                decisions,
                casework: suppressCasework(figures.get(ward.id) ?? none, (d) =>
                  deps.sla.workingDaysSince(d, now),
                ),
              }),
            }));
          })();
    const settings = (await store.settings()).find((s) => s.kind === kind);
    let composed = 0;
    for (const draft of drafts) {
      const id = newId();
      const stored = await store.insertDraft(
        { id, kind, wardId: draft.wardId, period, content: draft.content, composedAt: now.toISOString() },
        // Composing reads casework (as counts): audited, with no actor (the schedule).
        entry(null, 'briefing.compose', { briefingId: id, kind, wardId: draft.wardId, period }),
      );
      if (!stored) continue;
      composed += 1;
      if (settings?.autoApprove) await approveAs(null, id, null);
    }
    return { composed, existing: existing.length };
  };

  /** What the schedule asks for now: each kind's latest due run, composed if it has not been. */
  const composeDue = async (): Promise<Record<string, number>> => {
    const summary: Record<string, number> = {};
    for (const s of await store.settings()) {
      const run = latestDueRun(clock.now(), s, deps.region());
      if (!run) continue;
      const { composed } = await compose(s.kind, run.period);
      summary[`${s.kind}Composed`] = composed;
    }
    return summary;
  };

  /** An officer composes a month's drafts now (e.g. to catch up, or to try the briefings out). */
  const composeNow = async (actor: Actor, period: IsoMonth) => {
    await require(actor, 'manage-briefings', 'briefing.compose');
    const ward = await compose('ward', period);
    const decision = await compose('decision', period);
    await audit.record(
      entry(actor, 'briefing.compose', { period, composed: ward.composed + decision.composed }),
    );
    return { composed: ward.composed + decision.composed, existing: ward.existing + decision.existing };
  };

  // ---- reading ----

  const view = async (b: Briefing, channels?: TeamChannel[]): Promise<BriefingView> => {
    const all = channels ?? (await deps.channels.list());
    const map = await store.channelMap();
    const target = briefingTarget(b.kind, b.wardId);
    const mapped = map.get(target);
    const channel = all.find((c) => c.channelId === mapped) ?? null;
    const deliveries = await store.deliveries({ briefingIds: [b.id], limit: 50 });
    return {
      ...b,
      target,
      channel: channel
        ? {
            channelId: channel.channelId,
            name: channel.name,
            teamName: channel.teamName,
            active: channel.active,
          }
        : null,
      deliveries: deliveries.map((d) => ({
        ...d,
        channelName: all.find((c) => c.channelId === d.channelId)?.name ?? null,
      })),
      parts: deps.render(b).length,
    };
  };

  /** Briefings of a period (default: every period, newest first) for those who manage them. */
  const list = async (actor: Actor, filter: { period?: IsoMonth | undefined }): Promise<BriefingView[]> => {
    await require(actor, 'manage-briefings', 'briefing.list');
    const channels = await deps.channels.list();
    const briefings = await store.list({ period: filter.period, limit: 500 });
    await audit.record(
      entry(actor, 'briefing.list', { period: filter.period ?? null, count: briefings.length }),
    );
    return Promise.all(briefings.map((b) => view(b, channels)));
  };

  const readable = async (actor: Actor, id: string, action: string): Promise<Briefing> => {
    const b = await store.get(id);
    if (
      !b ||
      !canReadBriefing(actor.person, { kind: b.kind, wardId: b.wardId, approved: b.status === 'approved' })
    ) {
      await audit.record({
        ...entry(actor, action, { briefingId: id, reason: 'not-found' }),
        outcome: 'denied',
      });
      throw new NotFoundError('briefing');
    }
    return b;
  };

  const get = async (actor: Actor, id: string): Promise<BriefingView> => {
    const b = await readable(actor, id, 'briefing.read');
    await audit.record(entry(actor, 'briefing.read', { briefingId: id }));
    return view(b);
  };

  /** A briefing's posts as cards, for the tab's preview (the same cards the channel will get). */
  const preview = async (actor: Actor, id: string): Promise<ProactiveMessage[]> => {
    const b = await readable(actor, id, 'briefing.preview');
    return deps.render(b);
  };

  /** The member's own wards' latest approved briefings (for the bot's `briefing` command). */
  const latestForMember = async (actor: Actor): Promise<Briefing[]> => {
    const found: Briefing[] = [];
    for (const wardId of actor.person.wardIds ?? []) {
      const b = await store.latestApproved('ward', wardId);
      if (b && canReadBriefing(actor.person, { kind: 'ward', wardId, approved: true })) found.push(b);
    }
    await audit.record(entry(actor, 'briefing.read', { latest: true, count: found.length }));
    return found;
  };

  /** The approved decision briefing behind a share link: public information only, for anyone with the link. */
  const shared = async (token: string): Promise<Briefing> => {
    const b = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await store.byShareToken(token) : null;
    if (!b || b.kind !== 'decision') throw new NotFoundError('briefing');
    return b;
  };

  /** The PDF and web page of an approved decision briefing, for a signed-in reader. */
  const shareable = async (actor: Actor, id: string): Promise<Briefing> => {
    const b = await readable(actor, id, 'briefing.share');
    if (b.kind !== 'decision' || b.status !== 'approved') throw new NotFoundError('briefing');
    return b;
  };

  // ---- changing ----

  const setIntroduction = async (actor: Actor, id: string, introduction: string, expectedVersion: number) => {
    await require(actor, 'manage-briefings', 'briefing.introduction');
    await readable(actor, id, 'briefing.introduction');
    const b = await store.setIntroduction(
      id,
      introduction,
      expectedVersion,
      entry(actor, 'briefing.introduction', { briefingId: id }),
    );
    return view(b);
  };

  const approveAs = async (actor: Actor | null, id: string, expectedVersion: number | null) => {
    const b = await store.get(id);
    if (!b) throw new NotFoundError('briefing');
    const map = await store.channelMap();
    const channelId = map.get(briefingTarget(b.kind, b.wardId));
    const channel = channelId ? await deps.channels.get(channelId) : null;
    const parts = deps.render(b).length;
    const { briefing, queued } = await store.approve(
      id,
      {
        expectedVersion,
        by: actor?.person.id ?? null,
        at: clock.now().toISOString(),
        shareToken: b.kind === 'decision' ? shareToken() : null,
        deliveries: channel?.active ? [{ channelId: channel.channelId, parts }] : [],
      },
      entry(actor, 'briefing.approve', {
        briefingId: id,
        channelId: channel?.active ? channel.channelId : null,
      }),
    );
    return { briefing, queued };
  };

  const approve = async (actor: Actor, id: string, expectedVersion: number) => {
    await require(actor, 'manage-briefings', 'briefing.approve');
    await readable(actor, id, 'briefing.approve');
    const { briefing } = await approveAs(actor, id, expectedVersion);
    return view(briefing);
  };

  const resolveDelivery = async (actor: Actor, id: number, action: 'send-again' | 'mark-sent') => {
    await require(actor, 'manage-briefings', 'briefing.delivery.resolve');
    const d = await deps.deliveries.resolve(
      id,
      action,
      entry(actor, 'briefing.delivery.resolve', { deliveryId: id, action }),
    );
    return d;
  };

  // ---- configuration ----

  const settings = async (actor: Actor) => {
    await require(actor, 'manage-briefings', 'briefing.settings.read');
    const all = await store.settings();
    const now = clock.now();
    return all.map((s) => ({
      ...s,
      next: upcomingRuns(now, s, deps.region(), 3).map((r) => ({ at: r.at.toISOString(), period: r.period })),
    }));
  };

  const saveSettings = async (actor: Actor, s: BriefingKindSettings) => {
    await require(actor, 'configure-briefings', 'briefing.settings.update');
    if (!BRIEFING_KINDS.includes(s.kind)) throw new NotFoundError('briefing kind');
    const problem = cronProblem(s.cron);
    if (problem)
      throw new ValidationError('The schedule is not valid.', [{ path: 'cron', message: problem }]);
    await store.saveSettings(s, entry(actor, 'briefing.settings.update', { ...s }));
    return settings(actor);
  };

  const channelSettings = async (actor: Actor) => {
    await require(actor, 'manage-briefings', 'briefing.channels.read');
    const [channels, map, wards] = await Promise.all([
      deps.channels.list(),
      store.channelMap(),
      deps.directory.wards(),
    ]);
    return {
      channels,
      targets: [
        { target: 'council' as BriefingTarget, label: 'Decision briefing (council-wide)' },
        ...wards.map((w) => ({ target: briefingTarget('ward', w.id), label: w.name })),
      ].map((t) => ({ ...t, channelId: map.get(t.target) ?? null })),
    };
  };

  const mapChannel = async (actor: Actor, target: BriefingTarget, channelId: string | null) => {
    await require(actor, 'configure-briefings', 'briefing.channels.update');
    const wards = await deps.directory.wards();
    if (target !== 'council' && !wards.some((w) => `ward:${w.id}` === target))
      throw new ValidationError('There is no such briefing.', [
        { path: 'target', message: `Unknown: ${target}` },
      ]);
    if (channelId !== null && !(await deps.channels.get(channelId)))
      throw new ValidationError('The bot has not seen that channel.', [
        { path: 'channelId', message: 'Install the app in the team first, then choose one of its channels.' },
      ]);
    await store.mapChannel(
      target,
      channelId,
      entry(actor, 'briefing.channels.update', { target, channelId }),
    );
    return channelSettings(actor);
  };

  return {
    compose,
    composeDue,
    list,
    get,
    preview,
    latestForMember,
    shared,
    shareable,
    setIntroduction,
    approve,
    resolveDelivery,
    settings,
    saveSettings,
    channelSettings,
    mapChannel,
    composeNow,
  };
};

export type Briefings = ReturnType<typeof makeBriefings>;
