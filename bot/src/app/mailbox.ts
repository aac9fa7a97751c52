/**
 * The signed-in person's own mailbox, read on their behalf (Microsoft 365 mode: Graph with delegated
 * `Mail.Read` through the on-behalf-of flow). There is no mailbox in the embedded default; there, emails are
 * filed by uploading `.eml` files. Only the person's own token can open their mailbox: the service never reads
 * mail with application permissions.
 */

/** One message as the "File an email" list shows it. */
export interface MailSummary {
  id: string;
  subject: string;
  /** `Name <address>`, or the address alone. */
  from: string;
  receivedAt: string;
  /** Graph's `bodyPreview`: the first characters of the body, plain text. */
  preview: string;
  hasAttachments: boolean;
}

/** Whose mailbox: the bearer token the person's request came with (the on-behalf-of assertion). */
export interface OnBehalfOf {
  userAssertion: string;
}

export interface Mailbox {
  /** The person's most recent messages, newest first (at most `top`, 1 to 50). */
  recent(who: OnBehalfOf, top: number): Promise<MailSummary[]>;
  /** The whole message as MIME (RFC 822), attachments included: what is filed as `.eml`. */
  mime(who: OnBehalfOf, messageId: string): Promise<Buffer>;
}
