/**
 * A rate limit shared by every process: its state is one row per key in PostgreSQL (`rate_limit`),
 * so N API processes behind a load balancer enforce one limit, not N (issue 12). The algorithm is
 * GCRA, the token bucket of rate-limiter.ts written as one timestamp per key: `tat`, the time at
 * which the bucket is full again. A rule of `limit` per `windowSeconds` lets a burst of `limit`
 * through, then one more every windowSeconds / limit; `take` decides and records in one statement,
 * so concurrent requests never both take the last token.
 *
 * Used by the login throttle; the in-memory feedback limiter could switch by calling `take` with
 * `{ name: 'feedback', limit: FEEDBACK_RATE_LIMIT_PER_MIN, windowSeconds: 60 }` (a write per
 * request: worth it only once there are several API processes).
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RateDecision } from './rate-limiter';
import { returnedRows } from './sql-rows';

export interface RateRule {
  /** Namespaces the keys (`login-user`, `login-address`, …). */
  name: string;
  limit: number;
  windowSeconds: number;
}

const emission = (rule: RateRule, cost: number) => (rule.windowSeconds / rule.limit) * cost;

@Injectable()
export class PgRateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes `cost` tokens for `key` if it has them; otherwise nothing is recorded and Retry-After is told. */
  async take(rule: RateRule, key: string, cost = 1): Promise<RateDecision> {
    const id = `${rule.name}:${key}`;
    const taken: unknown[] = await this.dataSource.query(
      `INSERT INTO rate_limit AS r (key, tat) VALUES ($1, now() + $2::float8 * interval '1 second')
       ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, now()) + $2::float8 * interval '1 second'
         WHERE GREATEST(r.tat, now()) + $2::float8 * interval '1 second' <= now() + $3::float8 * interval '1 second'
       RETURNING 1`,
      [id, emission(rule, cost), rule.windowSeconds],
    );
    if (taken.length) return { allowed: true, retryAfterSeconds: 0 };
    const [row]: Array<{ wait: number | string } | undefined> = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM GREATEST(tat, now()) + $2::float8 * interval '1 second' - now() - $3::float8 * interval '1 second') AS wait
       FROM rate_limit WHERE key = $1`,
      [id, emission(rule, cost), rule.windowSeconds],
    );
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row?.wait ?? 1))) };
  }

  /** Gives back tokens taken for an attempt that turned out not to count (a successful login). */
  async refund(rule: RateRule, key: string, cost = 1): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit SET tat = tat - $2::float8 * interval '1 second' WHERE key = $1`, [
      `${rule.name}:${key}`,
      emission(rule, cost),
    ]);
  }

  /** Forgets `key`: its bucket is full again. */
  async reset(rule: RateRule, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit WHERE key = $1', [`${rule.name}:${key}`]);
  }

  /** Deletes the rows of full buckets (a row whose tat has passed means the same as no row). */
  async sweep(): Promise<number> {
    return returnedRows(await this.dataSource.query('DELETE FROM rate_limit WHERE tat < now() RETURNING 1')).length;
  }
}
