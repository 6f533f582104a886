/** SQL of api_credential: tablet tokens, driver codes and API tokens, by the SHA-256 of the secret. */
import { Injectable } from '@nestjs/common';
import type { CredentialKind, PersonRole } from '@app/contract';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/sql-rows';

export interface CredentialRow {
  id: string;
  kind: CredentialKind;
  vehicle_id: string | null;
  driver_id: string | null;
  role: PersonRole | null;
  token_hash: Buffer;
  label: string;
  origin: 'config' | 'admin';
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export type NewCredential = Pick<
  CredentialRow,
  'kind' | 'vehicle_id' | 'driver_id' | 'role' | 'token_hash' | 'label' | 'origin' | 'created_by'
>;

@Injectable()
export class CredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active credential of a secret's hash (an index lookup: no secret is compared in JS). */
  async findActive(tokenHash: Buffer): Promise<CredentialRow | null> {
    const rows: CredentialRow[] = await this.dataSource.query('SELECT * FROM api_credential WHERE token_hash = $1 AND revoked_at IS NULL', [
      tokenHash,
    ]);
    return rows[0] ?? null;
  }

  /** null when a credential with this hash already exists (active or revoked). */
  async insert(c: NewCredential): Promise<CredentialRow | null> {
    const rows: CredentialRow[] = await this.dataSource.query(
      `INSERT INTO api_credential (kind, vehicle_id, driver_id, role, token_hash, label, origin, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (token_hash) DO NOTHING RETURNING *`,
      [c.kind, c.vehicle_id, c.driver_id, c.role, c.token_hash, c.label, c.origin, c.created_by],
    );
    return rows[0] ?? null;
  }

  list(filter: { kind?: CredentialKind; revoked: boolean }): Promise<CredentialRow[]> {
    return this.dataSource.query(
      `SELECT * FROM api_credential WHERE ($1::text IS NULL OR kind = $1) AND (revoked_at IS NOT NULL) = $2
       ORDER BY kind, vehicle_id NULLS LAST, driver_id NULLS LAST, role NULLS LAST, created_at`,
      [filter.kind ?? null, filter.revoked],
    );
  }

  /** Revokes (once: a second call keeps the first time and author); null for an unknown id. */
  async revoke(id: string, by: string | null): Promise<CredentialRow | null> {
    const rows = returnedRows<CredentialRow>(
      await this.dataSource.query(
        `UPDATE api_credential SET revoked_at = COALESCE(revoked_at, now()), revoked_by = CASE WHEN revoked_at IS NULL THEN $2::uuid ELSE revoked_by END
       WHERE id = $1 RETURNING *`,
        [id, by],
      ),
    );
    return rows[0] ?? null;
  }

  async vehicleExists(vehicleId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM vehicle WHERE id = $1', [vehicleId]);
    return rows.length > 0;
  }
}
