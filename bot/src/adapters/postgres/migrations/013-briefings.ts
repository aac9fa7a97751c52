import type { Migration } from './migration';

/**
 * Briefings (issue 14): the decisions register, the team channels the bot has been installed in, the
 * administrator's mapping of wards to channels, schedules, the briefings composed each month and their
 * deliveries. See docs/briefings.md.
 *
 * Exactly once per (briefing, channel, period): a briefing is unique per (kind, ward, period) and a delivery
 * per (briefing, channel), so a second composer or a second approval inserts nothing. A delivery row moves
 * pending → sending (committed before the request goes out) → sent; a row found `sending` after its lease
 * has run out is `in-doubt` and is never sent again on its own (see docs/briefings.md).
 */
export const briefings: Migration = {
  version: 13,
  name: 'briefings',
  statements: [
    `CREATE TABLE decisions (
       id           uuid PRIMARY KEY,
       source_kind  text NOT NULL CHECK (source_kind IN ('manual', 'csv', 'modern-gov')),
       source_key   text NULL,
       status       text NOT NULL CHECK (status IN ('forthcoming', 'taken')),
       decided_on   date NOT NULL,
       key_decision boolean NOT NULL,
       doc          jsonb NOT NULL CHECK (jsonb_typeof(doc) = 'object'),
       version      integer NOT NULL DEFAULT 1,
       created_at   timestamptz NOT NULL,
       updated_at   timestamptz NOT NULL
     )`,
    // A source's own id names one decision: the key of idempotent imports.
    `CREATE UNIQUE INDEX decisions_source ON decisions (source_kind, source_key) WHERE source_key IS NOT NULL`,
    `CREATE INDEX decisions_date ON decisions (decided_on, status)`,

    // Channels of teams the app is installed in, from installationUpdate and conversationUpdate.
    `CREATE TABLE team_channels (
       channel_id   text PRIMARY KEY,
       team_id      text NOT NULL,
       team_name    text NOT NULL DEFAULT '',
       name         text NOT NULL,
       service_url  text NOT NULL,
       tenant_id    text NULL,
       bot_id       text NULL,
       active       boolean NOT NULL DEFAULT true,
       inactive_reason text NULL,
       updated_at   timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX team_channels_team ON team_channels (team_id)`,

    // Where each briefing goes: 'council' (the decision briefing) or 'ward:<id>'.
    `CREATE TABLE briefing_channels (
       target      text PRIMARY KEY CHECK (target = 'council' OR target LIKE 'ward:%'),
       channel_id  text NOT NULL,
       updated_at  timestamptz NOT NULL DEFAULT now()
     )`,

    `CREATE TABLE briefing_settings (
       kind              text PRIMARY KEY CHECK (kind IN ('ward', 'decision')),
       cron              text NOT NULL,
       working_days_only boolean NOT NULL,
       auto_approve      boolean NOT NULL DEFAULT false,
       updated_at        timestamptz NOT NULL DEFAULT now()
     )`,

    `CREATE TABLE briefings (
       id            uuid PRIMARY KEY,
       kind          text NOT NULL CHECK (kind IN ('ward', 'decision')),
       ward_id       text NULL,
       period        text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
       status        text NOT NULL CHECK (status IN ('draft', 'approved')),
       content       jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
       introduction  text NOT NULL DEFAULT '',
       composed_at   timestamptz NOT NULL,
       approved_at   timestamptz NULL,
       approved_by   text NULL,
       share_token   text NULL UNIQUE,
       version       integer NOT NULL DEFAULT 1,
       CHECK ((kind = 'ward') = (ward_id IS NOT NULL)),
       CHECK ((status = 'approved') = (approved_at IS NOT NULL))
     )`,
    `CREATE UNIQUE INDEX briefings_one_per_period ON briefings (kind, coalesce(ward_id, ''), period)`,
    `CREATE INDEX briefings_period ON briefings (period DESC, kind)`,

    `CREATE TABLE briefing_deliveries (
       id              bigserial PRIMARY KEY,
       briefing_id     uuid NOT NULL REFERENCES briefings (id),
       channel_id      text NOT NULL,
       status          text NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'sending', 'sent', 'failed', 'undeliverable', 'in-doubt')),
       parts           integer NOT NULL CHECK (parts >= 1),
       parts_sent      integer NOT NULL DEFAULT 0 CHECK (parts_sent >= 0),
       thread_id       text NULL,
       attempts        integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       lease_until     timestamptz NULL,
       lease_token     uuid NULL,
       last_error      text NULL,
       created_at      timestamptz NOT NULL DEFAULT now(),
       finished_at     timestamptz NULL,
       UNIQUE (briefing_id, channel_id),
       CHECK ((finished_at IS NULL) = (status IN ('pending', 'sending')))
     )`,
    `CREATE INDEX briefing_deliveries_due ON briefing_deliveries (next_attempt_at, id)
       WHERE status IN ('pending', 'sending')`,
  ],
};
