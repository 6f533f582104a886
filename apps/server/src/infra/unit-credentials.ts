/**
 * The on-board units registered through the admin API (POST /api/v1/admin/vehicles), as the
 * embedded broker sees them: the argon2id hash of each unit's secret, read from
 * vehicle_unit_credential at every login (one indexed SELECT; logins are rare), so a registration
 * or a new secret (POST /api/v1/admin/vehicles/{id}/unit-secret) takes effect at once in every
 * process, and an old secret is refused from the moment it is replaced. What is cached is the
 * argon2 verification: a password that matched a hash once is remembered by its SHA-256 beside
 * that hash, so a unit's reconnections (dead zones, broker restarts) cost no argon2 work. While
 * the database is unreachable the last hash read stands in, so units already known can still
 * reconnect (the ingest waits for the database; the units keep their outboxes).
 */
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { PasswordHasher } from '../auth/password-hasher';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class UnitCredentials {
  /** Last hash read per vehicle (the fallback while the database is unreachable). */
  private readonly hashes = new Map<string, string>();
  /** Per vehicle, `hash|sha256(password)` of the last successful verification. */
  private readonly matched = new Map<string, string>();
  private readonly hasher = new PasswordHasher();
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    // One connection: logins are rare, and PGlite serves one session at a time anyway.
    this.pool = new Pool({ connectionString: databaseUrl, max: 1 });
    // A database that goes away (shutdown, restart) must not crash the broker.
    this.pool.on('error', () => undefined);
  }

  async verify(vehicleId: string, password: string): Promise<boolean> {
    const stored = await this.load(vehicleId);
    const hash = stored === undefined ? this.hashes.get(vehicleId) : stored;
    if (!hash) return false;
    const key = `${hash}|${sha256(password)}`;
    if (this.matched.get(vehicleId) === key) return true;
    if (!(await this.hasher.verify(hash, password))) return false;
    this.matched.set(vehicleId, key);
    return true;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** The stored hash; null when the vehicle has none (not registered, table not migrated yet); undefined when the database is unreachable. */
  private async load(vehicleId: string): Promise<string | null | undefined> {
    let hash: string | null;
    try {
      const { rows } = await this.pool.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM vehicle_unit_credential WHERE vehicle_id = $1',
        [vehicleId],
      );
      hash = rows[0]?.secret_hash ?? null;
    } catch (error) {
      // 42P01: the table does not exist yet (a broker started before the migrations ran).
      if ((error as { code?: string }).code === '42P01') return null;
      return undefined;
    }
    if (hash === null) {
      this.hashes.delete(vehicleId);
      this.matched.delete(vehicleId);
    } else this.hashes.set(vehicleId, hash);
    return hash;
  }
}
