/**
 * The one way of taking PostgreSQL advisory locks. A lock is named by a string key, hashed with
 * `hashtext` (so `SELECT pg_advisory_lock(hashtext('feedback.rating-context'))` in psql takes the
 * same lock). Three kinds, one per use:
 *  - advisoryXactLock: waits for the lock, inside the caller's transaction (serialises writers of
 *    one key, e.g. the answers of one tablet); released at commit or rollback.
 *  - withAdvisoryXactLock: a scheduled job's round in its own transaction, run by the one process
 *    that gets the lock; the others skip the round. Every statement of the job must use the given
 *    manager (on PGlite, a statement on another connection would wait for this transaction:
 *    see infra/embedded-database.ts). The lock ends with the transaction, even if the process dies.
 *  - withSessionAdvisoryLock: a long runner (minutes of work in many short transactions) holds a
 *    session lock on a dedicated connection; released at the end, or when the connection closes.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Runtime } from '../runtime';

export type LockOutcome<T> = { ran: true; result: T } | { ran: false };

/** Waits for the transaction-scoped lock of `key` (call inside a transaction, with its manager). */
export async function advisoryXactLock(manager: Pick<EntityManager, 'query'>, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** Takes the transaction-scoped lock of `key` if it is free; false when another transaction holds it. */
export async function tryAdvisoryXactLock(manager: EntityManager, key: string): Promise<boolean> {
  const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [key]);
  return locked;
}

/** Runs `work` in a transaction holding the lock of `key`, or skips it when another process holds it. */
export async function withAdvisoryXactLock<T>(
  dataSource: DataSource,
  key: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<LockOutcome<T>> {
  return dataSource.transaction(async (manager) => {
    if (!(await tryAdvisoryXactLock(manager, key))) return { ran: false as const };
    return { ran: true as const, result: await work(manager) };
  });
}

/**
 * Runs `work` while this process holds the session lock of `key` on a dedicated connection, or
 * skips it when another process holds it. `work` may use any connection (it is not a transaction).
 * The embedded PGlite is one session inside this very process: a session lock there always
 * succeeds, so the caller's in-process guard is the lock and `work` simply runs.
 */
export async function withSessionAdvisoryLock<T>(
  dataSource: DataSource,
  databaseKind: Runtime['databaseKind'],
  key: string,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  if (databaseKind === 'pglite') return { ran: true, result: await work() };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }]: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}
