import type { Migration } from './migration';

/**
 * "File to case" through the tab's dialog (issue 12). In Microsoft 365 mode the message extension opens a
 * Members' Hub page in a Teams dialog, so that files shared in the message can be copied with the filing
 * person's own permission (their Teams sign-in, on-behalf-of). The message Teams handed the bot waits here
 * for that page: for that person only, for 30 minutes, and is deleted once expired. `outcome` is what filing
 * it did, for the bot's answer when the dialog closes.
 */
export const messageFilingRequests: Migration = {
  version: 9,
  name: 'message-filing-requests',
  statements: [
    `CREATE TABLE message_filing_requests (
       id         uuid PRIMARY KEY,
       person_id  text NOT NULL,
       message    jsonb NOT NULL CHECK (jsonb_typeof(message) = 'object'),
       created_at timestamptz NOT NULL,
       expires_at timestamptz NOT NULL,
       outcome    jsonb NULL CHECK (outcome IS NULL OR jsonb_typeof(outcome) = 'object'),
       CHECK (expires_at > created_at)
     )`,
    `CREATE INDEX message_filing_requests_expiry ON message_filing_requests (expires_at)`,
  ],
};
