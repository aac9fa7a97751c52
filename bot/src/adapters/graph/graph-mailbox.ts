import type { MailSummary, Mailbox, OnBehalfOf } from '../../app/mailbox';
import type { GraphClient } from './graph-client';
import { GRAPH_RESOURCE } from './graph-auth';

/**
 * The signed-in person's mailbox through Graph, with their delegated `Mail.Read` obtained on their behalf
 * (on-behalf-of, from the Teams SSO token their request came with). Never application permissions: the
 * service can read only the mailbox of the person asking, while they ask.
 */

export interface GraphMailboxOptions {
  graph: GraphClient;
  /** Default `https://graph.microsoft.com/Mail.Read`. */
  scopes?: readonly string[] | undefined;
}

interface GraphMessage {
  id: string;
  subject?: string | null;
  from?: { emailAddress?: { name?: string | null; address?: string | null } } | null;
  receivedDateTime?: string | null;
  bodyPreview?: string | null;
  hasAttachments?: boolean | null;
}

const SELECT = 'id,subject,from,receivedDateTime,bodyPreview,hasAttachments';

/** `Name <address>`, or the address alone (or the name alone when there is no address). */
export const formatSender = (from: GraphMessage['from']): string => {
  const name = from?.emailAddress?.name?.trim() ?? '';
  const address = from?.emailAddress?.address?.trim() ?? '';
  if (address === '') return name;
  if (name === '' || name.toLowerCase() === address.toLowerCase()) return address;
  return `${name} <${address}>`;
};

export class GraphMailbox implements Mailbox {
  private readonly graph: GraphClient;
  private readonly scopes: readonly string[];

  constructor(options: GraphMailboxOptions) {
    this.graph = options.graph;
    this.scopes = options.scopes ?? [`${GRAPH_RESOURCE}/Mail.Read`];
  }

  async recent(who: OnBehalfOf, top: number): Promise<MailSummary[]> {
    const count = Math.max(1, Math.min(50, Math.floor(top)));
    const response = await this.graph.request<{ value?: GraphMessage[] }>({
      method: 'GET',
      url: `/me/messages?$top=${count}&$select=${SELECT}&$orderby=receivedDateTime%20desc`,
      auth: { onBehalfOf: who.userAssertion, scopes: this.scopes },
      operation: 'list messages',
    });
    return (response.body.value ?? []).slice(0, count).map((m) => ({
      id: m.id,
      subject: m.subject ?? '',
      from: formatSender(m.from),
      receivedAt: m.receivedDateTime ?? '',
      preview: m.bodyPreview ?? '',
      hasAttachments: m.hasAttachments === true,
    }));
  }

  async mime(who: OnBehalfOf, messageId: string): Promise<Buffer> {
    const response = await this.graph.request<Buffer>({
      method: 'GET',
      url: `/me/messages/${encodeURIComponent(messageId)}/$value`,
      auth: { onBehalfOf: who.userAssertion, scopes: this.scopes },
      response: 'bytes',
      operation: 'read message',
      // A message can be large; its bytes are read within the attempt.
      timeoutMs: 120_000,
    });
    return response.body;
  }
}
