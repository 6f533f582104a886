import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control (issue 10, docs/security.md):
 *  - app_user: people who log in with a password (argon2id hash), with one or more roles;
 *  - auth_session: their sessions, keyed by the SHA-256 of the cookie's 256-bit random token (a
 *    stolen table opens no session); idle expiry from last_seen_at, absolute from expires_at;
 *  - api_credential: tablet tokens, driver codes and API tokens by SHA-256, revocable at once;
 *    a revoked row stays, so that a seed from the environment is never imported again;
 *  - rate_limit: one GCRA timestamp per key, shared by every process (common/pg-rate-limiter.ts).
 */
export class AccessControl1780001000000 implements MigrationInterface {
  name = 'AccessControl1780001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 2 AND 64),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        roles text[] NOT NULL CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['engineer', 'policymaker', 'admin']),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE auth_session (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX auth_session_user ON auth_session (user_id)');
    await q.query('CREATE INDEX auth_session_expires ON auth_session (expires_at)');
    await q.query(`
      CREATE TABLE api_credential (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('tablet', 'driver', 'service')),
        vehicle_id text,
        driver_id text,
        role text CHECK (role IN ('engineer', 'policymaker', 'admin')),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        label text NOT NULL DEFAULT '',
        origin text NOT NULL CHECK (origin IN ('config', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        CHECK ((kind = 'tablet') = (vehicle_id IS NOT NULL)),
        CHECK ((kind = 'driver') = (driver_id IS NOT NULL)),
        CHECK ((kind = 'service') = (role IS NOT NULL))
      )`);
    await q.query('CREATE INDEX api_credential_kind ON api_credential (kind, created_at)');
    await q.query('CREATE TABLE rate_limit (key text PRIMARY KEY, tat timestamptz NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit');
    await q.query('DROP TABLE api_credential');
    await q.query('DROP TABLE auth_session');
    await q.query('DROP TABLE app_user');
  }
}
