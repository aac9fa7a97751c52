import type { Migration } from './migration';

/**
 * Proactive notifications: where each person can be reached in Teams, and the transactional outbox the case
 * store writes in the same transaction as the case change it reports. See docs/notifications.md.
 *
 * Neither table has a foreign key to `cases`: deleting a case under the retention policy (or truncating cases
 * in a test) must not depend on the queue, and the worker re-reads the case before each send, cancelling a
 * notification whose case has gone.
 */
export const notifications: Migration = {
  version: 3,
  name: 'notifications',
  statements: [
    `CREATE TABLE conversation_references (
       person_id       text NOT NULL,
       conversation_id text NOT NULL,
       scope           text NOT NULL CHECK (scope IN ('personal', 'team', 'groupChat')),
       channel_id      text NOT NULL,
       service_url     text NOT NULL,
       tenant_id       text NULL,
       user_id         text NULL,
       aad_object_id   text NULL,
       reference       jsonb NOT NULL CHECK (jsonb_typeof(reference) = 'object'),
       active          boolean NOT NULL DEFAULT true,
       inactive_reason text NULL,
       created_at      timestamptz NOT NULL DEFAULT now(),
       updated_at      timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (person_id, conversation_id)
     )`,
    `CREATE INDEX conversation_references_conversation ON conversation_references (conversation_id)`,

    // One row per recipient per event: the unique key makes a replayed insert a no-op. `status` moves from
    // pending (or no-reference, waiting for the person to install the app) to exactly one final state.
    // A pending row with lease_until in the future is being delivered by the worker holding lease_token.
    `CREATE TABLE notification_outbox (
       id              bigserial PRIMARY KEY,
       case_id         uuid NOT NULL,
       case_ref        text NOT NULL,
       event_seq       integer NOT NULL CHECK (event_seq >= 1),
       kind            text NOT NULL,
       recipient       text NOT NULL,
       event_at        timestamptz NOT NULL,
       facts           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
       status          text NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'no-reference', 'sent', 'undeliverable', 'failed', 'cancelled', 'expired')),
       attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
       enqueued_at     timestamptz NOT NULL DEFAULT now(),
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       lease_until     timestamptz NULL,
       lease_token     uuid NULL,
       last_error      text NULL,
       conversation_id text NULL,
       activity_id     text NULL,
       finished_at     timestamptz NULL,
       UNIQUE (case_id, event_seq, recipient),
       CHECK ((finished_at IS NULL) = (status IN ('pending', 'no-reference')))
     )`,
    `CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at, id) WHERE status = 'pending'`,
    `CREATE INDEX notification_outbox_recipient ON notification_outbox (recipient)
       WHERE status IN ('pending', 'no-reference')`,
    `CREATE INDEX notification_outbox_finished ON notification_outbox (finished_at) WHERE finished_at IS NOT NULL`,
  ],
};
