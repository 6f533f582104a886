/**
 * The embedded PGlite in a worker thread of its own. PGlite executes SQL synchronously in WASM:
 * on the server's event loop every query stalls HTTP and the ingest for its whole duration (a
 * rollup's day read, a rating batch behind an ingest batch). In a worker the database gets its
 * own core, and the server keeps answering while it works (issue 8). The worker serves the same
 * loopback socket as the in-process one (startEmbeddedDatabase), so nothing else changes.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

type FromWorker = { kind: 'ready'; url: string } | { kind: 'failed'; message: string } | { kind: 'stopped' };

export async function startEmbeddedDatabaseThread(dataDir?: string): Promise<EmbeddedDatabase> {
  // Same loader as this process (swc-node in development, plain JS in a built image).
  const worker = new Worker(__filename, { workerData: { dataDir }, execArgv: process.execArgv });
  // Never removeAllListeners() on a Worker: Node's own listeners deliver its messages.
  let onError: (e: Error) => void = () => undefined;
  let onExit: (code: number) => void = () => undefined;
  let onMessage: (m: FromWorker) => void = () => undefined;
  const url = await new Promise<string>((resolve, reject) => {
    onError = reject;
    onExit = (code) => reject(new Error(`embedded database thread exited (${code}) before it was ready`));
    onMessage = (m) => (m.kind === 'ready' ? resolve(m.url) : reject(new Error(m.kind === 'failed' ? m.message : 'stopped')));
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
  }).finally(() => worker.off('error', onError).off('exit', onExit).off('message', onMessage));
  // A thread that dies takes the database with it: say so loudly rather than hang every query.
  worker.on('error', (error) => process.emitWarning(`embedded database thread failed: ${error.message}`));
  return {
    url,
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (m: FromWorker) => m.kind === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort && (workerData as { dataDir?: string } | null)?.dataDir !== undefined) {
  const port = parentPort;
  startEmbeddedDatabase((workerData as { dataDir: string }).dataDir)
    .then((db) => {
      port.postMessage({ kind: 'ready', url: db.url } satisfies FromWorker);
      port.on('message', (m) => {
        if (m === 'stop') void db.stop().finally(() => port.postMessage({ kind: 'stopped' } satisfies FromWorker));
      });
    })
    .catch((error: Error) => port.postMessage({ kind: 'failed', message: error.message } satisfies FromWorker));
}
