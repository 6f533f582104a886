/**
 * One runner per job across processes: the job runs inside a transaction that first takes
 * `pg_try_advisory_xact_lock`; a process that does not get it skips this round. Every statement
 * of the job must use the given manager (on PGlite, a statement on another connection would wait
 * for this transaction: FACTS.md). The lock ends with the transaction, even if the process dies.
 */
import type { DataSource, EntityManager } from 'typeorm';

export async function withAdvisoryXactLock<T>(
  dataSource: DataSource,
  lockName: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  return dataSource.transaction(async (manager) => {
    const [{ locked }]: Array<{ locked: boolean }> = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [lockName]);
    if (!locked) return { ran: false as const };
    return { ran: true as const, result: await work(manager) };
  });
}
