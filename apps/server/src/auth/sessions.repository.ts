/**
 * SQL of auth_session. A session is found by the SHA-256 of its cookie token; validity is judged by
 * the database clock (now()), the same for every API process.
 */
import { Injectable } from '@nestjs/common';
import type { PersonRole } from '@app/contract';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/sql-rows';

export interface LiveSessionRow {
  user_id: string;
  username: string;
  display_name: string;
  roles: PersonRole[];
  expires_at: Date;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tokenHash: Buffer, userId: string, absoluteSeconds: number): Promise<Date> {
    const [{ expires_at }]: Array<{ expires_at: Date }> = await this.dataSource.query(
      `INSERT INTO auth_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3::float8 * interval '1 second') RETURNING expires_at`,
      [tokenHash, userId, absoluteSeconds],
    );
    return expires_at;
  }

  /**
   * The session's user if the session is neither idle for `idleSeconds` nor past its absolute
   * expiry and the user is enabled. It is marked seen (the idle clock restarts) in the same
   * statement, but only when the last mark is older than `touchSeconds`: a dashboard's many reads
   * do not each write a row version.
   */
  async touch(tokenHash: Buffer, idleSeconds: number, touchSeconds: number): Promise<LiveSessionRow | null> {
    const rows: LiveSessionRow[] = await this.dataSource.query(
      `WITH s AS (
         SELECT user_id, expires_at FROM auth_session
         WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - $2::float8 * interval '1 second'
       ), seen AS (
         UPDATE auth_session SET last_seen_at = now()
         WHERE token_hash = $1 AND last_seen_at <= now() - $3::float8 * interval '1 second' AND EXISTS (SELECT 1 FROM s)
       )
       SELECT u.id AS user_id, u.username, u.display_name, u.roles, s.expires_at FROM s JOIN app_user u ON u.id = s.user_id WHERE NOT u.disabled`,
      [tokenHash, idleSeconds, touchSeconds],
    );
    return rows[0] ?? null;
  }

  async delete(tokenHash: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_session WHERE token_hash = $1', [tokenHash]);
  }

  async deleteOfUser(userId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_session WHERE user_id = $1', [userId]);
  }

  /** Deletes sessions past either expiry; returns how many. */
  async deleteExpired(idleSeconds: number, tokenHash?: Buffer): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM auth_session WHERE ($2::bytea IS NULL OR token_hash = $2)
         AND (expires_at <= now() OR last_seen_at <= now() - $1::float8 * interval '1 second') RETURNING 1`,
      [idleSeconds, tokenHash ?? null],
    );
    return returnedRows(result).length;
  }
}
