import type {
  ConversationReferenceData,
  ConversationReferences,
  ConversationScope,
  Database,
  DeliverableConversationReference,
  SavedConversationReference,
} from '../../app/ports';
import { ValidationError } from '../../domain/errors';
import type { PersonId } from '../../domain/ids';

const SCOPES: readonly ConversationScope[] = ['personal', 'team', 'groupChat'];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    // Not parseable as a URL at all.
    return false;
  }
};

/**
 * Keeps what a proactive message needs and nothing else: no activity id (a notification is a new message,
 * not a reply), no display names, no channel data.
 */
export const deliverableReference = (
  reference: ConversationReferenceData,
): DeliverableConversationReference => {
  const issues: { path: string; message: string }[] = [];
  const serviceUrl = text(reference.serviceUrl);
  if (serviceUrl === undefined || !isHttpUrl(serviceUrl))
    issues.push({ path: 'serviceUrl', message: 'must be an http(s) URL' });
  const channelId = text(reference.channelId);
  if (channelId === undefined) issues.push({ path: 'channelId', message: 'required' });
  const conversationId = text(reference.conversation?.id);
  if (conversationId === undefined) issues.push({ path: 'conversation.id', message: 'required' });
  if (
    serviceUrl === undefined ||
    channelId === undefined ||
    conversationId === undefined ||
    issues.length > 0
  )
    throw new ValidationError('The conversation reference cannot be used to send messages.', issues);

  const { conversation, user, bot } = reference;
  const userId = text(user?.id);
  const botId = text(bot?.id);
  const drop = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return drop({
    channelId,
    serviceUrl,
    locale: text(reference.locale),
    conversation: drop({
      id: conversationId,
      tenantId: text(conversation?.tenantId),
      conversationType: text(conversation?.conversationType),
      isGroup: typeof conversation?.isGroup === 'boolean' ? conversation.isGroup : undefined,
    }),
    user: userId === undefined ? undefined : drop({ id: userId, aadObjectId: text(user?.aadObjectId) }),
    bot: botId === undefined ? undefined : drop({ id: botId, name: text(bot?.name) }),
  });
};

interface ReferenceRow {
  person_id: string;
  scope: ConversationScope;
  conversation_id: string;
  reference: DeliverableConversationReference;
  updated_at: string;
}

/**
 * Conversation references on PostgreSQL or PGlite, one row per person and conversation. Saving a personal
 * reference wakes the person's notifications that were waiting for one, in the same transaction.
 */
export class PostgresConversationReferences implements ConversationReferences {
  constructor(private readonly db: Database) {}

  async save(
    personId: PersonId,
    reference: ConversationReferenceData,
    scope: ConversationScope,
  ): Promise<void> {
    if (text(personId) === undefined)
      throw new ValidationError('A person is required.', [{ path: 'personId', message: 'required' }]);
    if (!SCOPES.includes(scope))
      throw new ValidationError('Unknown conversation scope.', [{ path: 'scope', message: 'unknown' }]);
    const ref = deliverableReference(reference);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO conversation_references
           (person_id, conversation_id, scope, channel_id, service_url, tenant_id, user_id, aad_object_id, reference)
         VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::jsonb)
         ON CONFLICT (person_id, conversation_id) DO UPDATE SET
           scope = EXCLUDED.scope, channel_id = EXCLUDED.channel_id, service_url = EXCLUDED.service_url,
           tenant_id = EXCLUDED.tenant_id, user_id = EXCLUDED.user_id, aad_object_id = EXCLUDED.aad_object_id,
           reference = EXCLUDED.reference, active = true, inactive_reason = NULL, updated_at = now()`,
        [
          personId,
          ref.conversation.id,
          scope,
          ref.channelId,
          ref.serviceUrl,
          ref.conversation.tenantId ?? null,
          ref.user?.id ?? null,
          ref.user?.aadObjectId ?? null,
          JSON.stringify(ref),
        ],
      );
      if (scope === 'personal') {
        await tx.query(
          `UPDATE notification_outbox SET status = 'pending', next_attempt_at = now(), last_error = NULL
           WHERE recipient = $1::text AND status = 'no-reference'`,
          [personId],
        );
      }
    });
  }

  async forPerson(personId: PersonId): Promise<SavedConversationReference[]> {
    const { rows } = await this.db.query<ReferenceRow>(
      `SELECT person_id, scope, conversation_id, reference, updated_at FROM conversation_references
       WHERE person_id = $1::text AND active ORDER BY updated_at DESC, conversation_id`,
      [personId],
    );
    return rows.map((r) => ({
      personId: r.person_id,
      scope: r.scope,
      conversationId: r.conversation_id,
      reference: r.reference,
      updatedAt: r.updated_at,
    }));
  }

  async markInactive(
    conversationId: string,
    options: { personId?: PersonId; reason?: string } = {},
  ): Promise<void> {
    await this.db.query(
      `UPDATE conversation_references SET active = false, inactive_reason = $3::text, updated_at = now()
       WHERE conversation_id = $1::text AND ($2::text IS NULL OR person_id = $2::text) AND active`,
      [conversationId, options.personId ?? null, options.reason ?? null],
    );
  }
}
