/**
 * Embedded PostgreSQL: PGlite (Postgres compiled to WASM) persisted under a folder and served on a
 * loopback port by pglite-socket, so that TypeORM talks to it with its ordinary `postgres` driver
 * exactly as it would to a real server. PGlite is one session: callers keep their pool at one
 * connection (see FACTS.md: a second connection waits for any open transaction).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function startEmbeddedDatabase(dataDir?: string): Promise<EmbeddedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? dataDir : 'memory://');
  // Several client connections are multiplexed onto the one PGlite session; statements of another
  // connection wait while a transaction is open, so a transaction must never await another connection.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  const port = Number(/:(\d+)$/.exec(server.getServerConn())?.[1]);
  if (!port) throw new Error(`pglite-socket did not report its port (${server.getServerConn()})`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
