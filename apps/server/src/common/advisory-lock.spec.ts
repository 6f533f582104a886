/** The lock helpers against a real database: the embedded PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/servers';
import { dataSourceOptions } from '../database/data-source';
import { advisoryXactLock, tryAdvisoryXactLock, withAdvisoryXactLock, withSessionAdvisoryLock } from './advisory-lock';

let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource({ ...dataSourceOptions(db.url, 2), migrations: [] });
  await ds.initialize();
}, 60_000); // PGlite's WASM start-up on a busy 2-core machine

afterAll(async () => {
  await ds?.destroy();
  await db?.stop();
});

describe('advisory locks', () => {
  it('a job runs in a transaction holding its lock, with the manager of that transaction', async () => {
    const outcome = await withAdvisoryXactLock(ds, 'test.job', async (m) => (await m.query('SELECT 41 + 1 AS n'))[0].n as number);
    expect(outcome).toEqual({ ran: true, result: 42 });
  });

  it('the blocking and the try transaction locks take a key inside the caller transaction', async () => {
    await ds.transaction(async (m) => {
      await advisoryXactLock(m, 'test.writer');
      expect(await tryAdvisoryXactLock(m, 'test.other')).toBe(true);
    });
  });

  it('a long runner holds a session lock (on PGlite, the in-process guard is the lock and the work runs)', async () => {
    expect(await withSessionAdvisoryLock(ds, db.kind, 'test.runner', async () => 'done')).toEqual({ ran: true, result: 'done' });
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)('skips when another session holds the lock (PostgreSQL)', async () => {
    const other = new Client(db.url);
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('test.contended'))`);
      expect(await withSessionAdvisoryLock(ds, 'postgres', 'test.contended', async () => 'ran')).toEqual({ ran: false });
      expect(await withAdvisoryXactLock(ds, 'test.contended', async () => 'ran')).toEqual({ ran: false });
      await other.query(`SELECT pg_advisory_unlock(hashtext('test.contended'))`);
      expect(await withSessionAdvisoryLock(ds, 'postgres', 'test.contended', async () => 'ran')).toEqual({ ran: true, result: 'ran' });
    } finally {
      await other.end();
    }
  });
});
