import type { MessageFilingRequests, StoredFilingRequest } from '../../app/case-filing';
import type { Database } from '../../app/ports';

/** Messages waiting for the "File to case" dialog (migration 009). */
export class PostgresMessageFilingRequests implements MessageFilingRequests {
  constructor(private readonly db: Database) {}

  async create(
    request: StoredFilingRequest & { id: string; createdAt: string; expiresAt: string },
  ): Promise<void> {
    // Each new request clears the expired ones: the table holds minutes' worth of rows.
    await this.db.query(`DELETE FROM message_filing_requests WHERE expires_at < $1::timestamptz`, [
      request.createdAt,
    ]);
    await this.db.query(
      `INSERT INTO message_filing_requests (id, person_id, message, created_at, expires_at)
       VALUES ($1::uuid, $2::text, $3::jsonb, $4::timestamptz, $5::timestamptz)`,
      [request.id, request.personId, JSON.stringify(request.message), request.createdAt, request.expiresAt],
    );
  }

  async find(id: string, personId: string, now: string): Promise<StoredFilingRequest | null> {
    const { rows } = await this.db.query<{
      person_id: string;
      message: StoredFilingRequest['message'];
      outcome: StoredFilingRequest['outcome'];
    }>(
      `SELECT person_id, message, outcome FROM message_filing_requests
       WHERE id = $1::uuid AND person_id = $2::text AND expires_at > $3::timestamptz`,
      [id, personId, now],
    );
    const row = rows[0];
    return row ? { personId: row.person_id, message: row.message, outcome: row.outcome ?? null } : null;
  }

  async finish(id: string, outcome: NonNullable<StoredFilingRequest['outcome']>): Promise<void> {
    await this.db.query(`UPDATE message_filing_requests SET outcome = $2::jsonb WHERE id = $1::uuid`, [
      id,
      JSON.stringify(outcome),
    ]);
  }
}
