import type { TeamChannel, TeamChannels } from '../../app/briefing-ports';
import type { Database } from '../../app/ports';

interface ChannelRow {
  channel_id: string;
  team_id: string;
  team_name: string;
  name: string;
  service_url: string;
  tenant_id: string | null;
  bot_id: string | null;
  active: boolean;
  inactive_reason: string | null;
}

const fromRow = (r: ChannelRow): TeamChannel => ({
  channelId: r.channel_id,
  teamId: r.team_id,
  teamName: r.team_name,
  name: r.name,
  serviceUrl: r.service_url,
  tenantId: r.tenant_id,
  botId: r.bot_id,
  active: r.active,
  inactiveReason: r.inactive_reason,
});

/** Team channels the bot has seen (installationUpdate, conversationUpdate), on PostgreSQL or PGlite. */
export class PostgresTeamChannels implements TeamChannels {
  constructor(private readonly db: Database) {}

  async save(channels: readonly Omit<TeamChannel, 'active' | 'inactiveReason'>[]): Promise<void> {
    if (channels.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const c of channels) {
        await tx.query(
          `INSERT INTO team_channels (channel_id, team_id, team_name, name, service_url, tenant_id, bot_id)
           VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text)
           ON CONFLICT (channel_id) DO UPDATE SET team_id = excluded.team_id, team_name = excluded.team_name,
             name = excluded.name, service_url = excluded.service_url, tenant_id = excluded.tenant_id,
             bot_id = excluded.bot_id, active = true, inactive_reason = NULL, updated_at = now()`,
          [c.channelId, c.teamId, c.teamName, c.name, c.serviceUrl, c.tenantId, c.botId],
        );
      }
    });
  }

  async rename(channelId: string, name: string): Promise<void> {
    await this.db.query(
      `UPDATE team_channels SET name = $2::text, updated_at = now() WHERE channel_id = $1::text`,
      [channelId, name],
    );
  }

  async markInactive(filter: { channelId: string } | { teamId: string }, reason: string): Promise<void> {
    const [column, value] =
      'channelId' in filter ? ['channel_id', filter.channelId] : ['team_id', filter.teamId];
    await this.db.query(
      `UPDATE team_channels SET active = false, inactive_reason = $2::text, updated_at = now()
        WHERE ${column} = $1::text`,
      [value, reason],
    );
  }

  async list(): Promise<TeamChannel[]> {
    const { rows } = await this.db.query<ChannelRow>(
      `SELECT * FROM team_channels ORDER BY team_name, team_id, name, channel_id`,
    );
    return rows.map(fromRow);
  }

  async get(channelId: string): Promise<TeamChannel | null> {
    const { rows } = await this.db.query<ChannelRow>(
      `SELECT * FROM team_channels WHERE channel_id = $1::text`,
      [channelId],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }
}
