import type { Migration } from './migration';

/**
 * Raising a case once per request (issue 11). A client that may send the same request twice (a double click
 * on the bot's form, a tab request retried after a lost answer) sends a key with it; the first request with a
 * key creates the case and records the key here in the same transaction, and a repeat finds the row and gets
 * that case back instead of a second one. `request_hash` is a digest of what was asked for, so a key reused
 * for a different case is refused rather than answered with the wrong one.
 *
 * Keys belong to the person who sent them (one person's key can never find another's case) and are kept for
 * 30 days: each new key clears that person's older ones.
 */
export const caseRequestKeys: Migration = {
  version: 6,
  name: 'case-request-keys',
  statements: [
    `CREATE TABLE case_request_keys (
       actor_id     text NOT NULL,
       key          text NOT NULL CHECK (key ~ '^[A-Za-z0-9._:-]{1,128}$'),
       request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
       case_id      uuid NOT NULL,
       created_at   timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (actor_id, key)
     )`,
  ],
};
