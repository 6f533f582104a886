/**
 * The embedded PGlite behind a socket must behave like a server to several connections at once:
 * each connection's queries get their own answers, an open transaction holds the session until it
 * ends, and a connection that dies mid-transaction is rolled back and lets the others in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

let db: EmbeddedDatabase;
let a: Client;
let b: Client;

beforeAll(async () => {
  db = await startEmbeddedDatabase();
  a = new Client(db.url);
  b = new Client(db.url);
  await a.connect();
  await b.connect();
  await a.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
});

afterAll(async () => {
  await a?.end();
  await b?.end();
  await db?.stop();
});

describe('embedded PGlite over a socket', () => {
  it('answers interleaved parameterised queries of two connections correctly', async () => {
    const run = (c: Client, tag: string) =>
      Promise.all(Array.from({ length: 200 }, (_, i) => c.query<{ x: string }>('SELECT $1::text || $2::text AS x', [tag, String(i)])));
    const [ra, rb] = await Promise.all([run(a, 'a'), run(b, 'b')]);
    expect(ra.map((r) => r.rows[0].x)).toEqual(Array.from({ length: 200 }, (_, i) => `a${i}`));
    expect(rb.map((r) => r.rows[0].x)).toEqual(Array.from({ length: 200 }, (_, i) => `b${i}`));
  });

  it('lets another connection in only when a transaction ends, and it then sees the commit', async () => {
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
    const read = b.query<{ n: string }>('SELECT count(*) AS n FROM t WHERE id = $1', [1]);
    await new Promise((r) => setTimeout(r, 100));
    await a.query('COMMIT');
    expect(Number((await read).rows[0].n)).toBe(1);
  });

  it('rolls back and releases the session when a connection dies inside a transaction', async () => {
    const c = new Client(db.url);
    await c.connect();
    c.on('error', () => undefined);
    await c.query('BEGIN');
    await c.query('INSERT INTO t VALUES ($1, $2)', [2, 'two']);
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await b.query<{ n: string }>('SELECT count(*) AS n FROM t WHERE id = $1', [2]);
    expect(Number(rows[0].n)).toBe(0);
  });
});
