/**
 * Embedded PostgreSQL: PGlite (Postgres compiled to WASM) persisted under a folder and served on a
 * loopback port through pglite-socket's protocol handler, so that TypeORM talks to it with its
 * ordinary `postgres` driver exactly as it would to a real server. PGlite is one session: several
 * connections take turns on it (PgliteSessionQueue), a connection with an open transaction holding
 * it until the end; so a transaction must never await a query on another connection (docs/sources.md#pglite-one-session).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue } from './pglite-session-queue';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function startEmbeddedDatabase(dataDir?: string): Promise<EmbeddedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? dataDir : 'memory://');
  const queue = new PgliteSessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = createServer((socket: Socket) => {
    // The handler only needs enqueue/clear* of its queue: ours pins a connection per unit of work.
    const handler = new PGLiteSocketHandler({ db, closeOnDetach: true, queryQueue: queue } as unknown as ConstructorParameters<
      typeof PGLiteSocketHandler
    >[0]);
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      for (const h of handlers) await h.detach(true);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
