/**
 * The on-board units registered through the admin API (POST /api/v1/admin/vehicles), as the
 * embedded broker sees them: the argon2id hash of each unit's secret, read from
 * vehicle_unit_credential and cached. A login of a vehicle the cache does not hold, or whose cached
 * hash refuses the password, reads the table again (a vehicle just registered, a new secret), so a
 * registration needs no restart and no message between processes. A password that matched once is
 * remembered by its SHA-256, so a unit's reconnections (dead zones, broker restarts) cost no
 * argon2 verification.
 */
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { PasswordHasher } from '../auth/password-hasher';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class UnitCredentials {
  private readonly hashes = new Map<string, string>();
  private readonly matched = new Map<string, string>();
  private readonly hasher = new PasswordHasher();
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    // One connection: logins are rare, and PGlite serves one session at a time anyway.
    this.pool = new Pool({ connectionString: databaseUrl, max: 1 });
    // A database that goes away (shutdown, restart) refuses logins; it must not crash the broker.
    this.pool.on('error', () => undefined);
  }

  async verify(vehicleId: string, password: string): Promise<boolean> {
    const digest = sha256(password);
    const cached = this.hashes.get(vehicleId);
    if (cached !== undefined && this.matched.get(vehicleId) === digest) return true;
    if (cached !== undefined && (await this.check(vehicleId, cached, password, digest))) return true;
    const stored = await this.load(vehicleId);
    if (stored === null || stored === cached) return false;
    return this.check(vehicleId, stored, password, digest);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async check(vehicleId: string, hash: string, password: string, digest: string): Promise<boolean> {
    if (!(await this.hasher.verify(hash, password))) return false;
    this.matched.set(vehicleId, digest);
    return true;
  }

  /** The stored hash, or null (not registered, or the table not migrated yet, or the database unreachable). */
  private async load(vehicleId: string): Promise<string | null> {
    try {
      const { rows } = await this.pool.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM vehicle_unit_credential WHERE vehicle_id = $1',
        [vehicleId],
      );
      const hash = rows[0]?.secret_hash ?? null;
      if (hash === null) this.hashes.delete(vehicleId);
      else if (hash !== this.hashes.get(vehicleId)) {
        this.hashes.set(vehicleId, hash);
        this.matched.delete(vehicleId);
      }
      return hash;
    } catch {
      return null;
    }
  }
}
