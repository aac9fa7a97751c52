import { MessageFactory, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Actor } from '../app/actor';
import type { Briefing, TeamChannels } from '../app/briefing-ports';
import type { Briefings } from '../app/briefings';
import type { ProactiveMessage } from '../app/ports';
import type { Logger } from '../logger';
import { cardAttachment, type AdaptiveCard } from './cards/render';

export interface BriefingHandlerDeps {
  channels: Pick<TeamChannels, 'save' | 'rename' | 'markInactive'>;
  briefings: Pick<Briefings, 'latestForMember'>;
  render: (briefing: Briefing) => ProactiveMessage[];
  logger: Pick<Logger, 'info' | 'warn'>;
}

interface TeamChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
  eventType?: string;
}

const channelData = (activity: Activity): TeamChannelData => (activity.channelData ?? {}) as TeamChannelData;

export const BRIEFING_REPLIES = {
  none: 'There is no approved briefing for your division yet. Briefings are posted at the start of each month.',
  noWard: 'You are not recorded as the member for a division, so there is no ward briefing for you.',
} as const;

/**
 * The bot's part in briefings (issue 14), kept out of the main bot class, which only routes to it:
 * recording the channels of teams the app is installed in (installationUpdate, the bot added to a team, and
 * channelCreated / channelRenamed / channelDeleted), and answering `briefing` in a personal chat with the
 * member's own division's latest approved briefing.
 */
export class BriefingHandlers {
  constructor(private readonly deps: BriefingHandlerDeps) {}

  /**
   * The app was installed in a team (or added to it): record every channel the team has. Teams sends the
   * installation in the General channel's conversation; the rest come from the connector's channel list
   * (`TeamsInfo.getTeamChannels`). If that list cannot be read, the channel the activity came from is kept.
   */
  async installedInTeam(context: TurnContext): Promise<void> {
    const { activity } = context;
    const data = channelData(activity);
    const teamId = data.team?.id;
    if (!teamId || !activity.serviceUrl) return;
    let channels: { id: string; name?: string | undefined }[] = [];
    try {
      channels = (await TeamsInfo.getTeamChannels(context, teamId)).flatMap((c) =>
        c.id ? [{ id: c.id, name: c.name }] : [],
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, teamId },
        'could not list the team\u2019s channels; keeping the one seen',
      );
    }
    const seen = data.channel?.id ?? activity.conversation?.id;
    if (seen && !channels.some((c) => c.id === seen)) channels.push({ id: seen, name: data.channel?.name });
    await this.deps.channels.save(
      channels.map((c) => ({
        channelId: c.id,
        teamId,
        teamName: data.team?.name ?? '',
        // The General channel has no name of its own (its id is the team's).
        name: c.name ?? (c.id === teamId ? 'General' : c.id),
        serviceUrl: activity.serviceUrl,
        tenantId: data.tenant?.id ?? activity.conversation?.tenantId ?? null,
        botId: activity.recipient?.id ?? null,
      })),
    );
    this.deps.logger.info({ teamId, channels: channels.length }, 'team channels recorded');
  }

  /** The app was removed from a team: nothing more is posted to its channels. */
  async removedFromTeam(context: TurnContext): Promise<void> {
    const teamId = channelData(context.activity).team?.id;
    if (teamId) await this.deps.channels.markInactive({ teamId }, 'app removed from the team');
  }

  async channelCreated(context: TurnContext, channel: { id?: string; name?: string }): Promise<void> {
    const { activity } = context;
    const data = channelData(activity);
    if (!channel.id || !data.team?.id) return;
    await this.deps.channels.save([
      {
        channelId: channel.id,
        teamId: data.team.id,
        teamName: data.team.name ?? '',
        name: channel.name ?? channel.id,
        serviceUrl: activity.serviceUrl,
        tenantId: data.tenant?.id ?? null,
        botId: activity.recipient?.id ?? null,
      },
    ]);
  }

  async channelRenamed(channel: { id?: string; name?: string }): Promise<void> {
    if (channel.id && channel.name) await this.deps.channels.rename(channel.id, channel.name);
  }

  async channelDeleted(channel: { id?: string }): Promise<void> {
    if (channel.id) await this.deps.channels.markInactive({ channelId: channel.id }, 'channel deleted');
  }

  /** `briefing` in a personal chat: the member's divisions' latest approved briefings, as the channel got them. */
  async latest(actor: Actor): Promise<Partial<Activity>[]> {
    if ((actor.person.wardIds ?? []).length === 0) return [MessageFactory.text(BRIEFING_REPLIES.noWard)];
    const found = await this.deps.briefings.latestForMember(actor);
    if (found.length === 0) return [MessageFactory.text(BRIEFING_REPLIES.none)];
    return found.flatMap((b) =>
      this.deps.render(b).map((m) => ({
        ...MessageFactory.attachment(cardAttachment(m.card as AdaptiveCard)),
        summary: m.summary,
      })),
    );
  }
}
