/**
 * The embedded servers (PGlite, Aedes) each in a worker thread of its own. PGlite executes SQL
 * synchronously in WASM, and Aedes parses and writes every packet of the fleet twice (from the
 * unit, to the ingest): on the server's event loop both stall HTTP and the ingest for as long as
 * they work. In workers they get the machine's other core, and the server keeps answering while
 * they work (issue 8). Each worker serves the same loopback socket as its in-process version
 * (startEmbeddedDatabase, startEmbeddedBroker), so nothing else changes; tests use those directly.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedBroker, type BrokerTls } from './embedded-broker';
import { startEmbeddedDatabase } from './embedded-database';
import type { MqttCredentials } from './mqtt-acl';

export type ThreadedService =
  | { kind: 'database'; dataDir: string }
  | { kind: 'broker'; creds: MqttCredentials; port: number; tls?: BrokerTls; unitsDatabaseUrl?: string };

export interface ThreadedServer {
  url: string;
  tlsUrl?: string;
  stop(): Promise<void>;
}

type Urls = Pick<ThreadedServer, 'url' | 'tlsUrl'>;
type FromWorker = { kind: 'ready'; urls: Urls } | { kind: 'failed'; message: string } | { kind: 'stopped' };

export async function startInThread(service: ThreadedService): Promise<ThreadedServer> {
  // Same loader as this process (swc-node in development, plain JS in a built image).
  // V8 heap flags are the process's, not a worker's (Node refuses them in a Worker's execArgv).
  const execArgv = process.execArgv.filter((a) => !/^--max-(semi|old)-space-size/.test(a));
  const worker = new Worker(__filename, { workerData: { service }, execArgv });
  // Never removeAllListeners() on a Worker: Node's own listeners deliver its messages.
  let onError: (e: Error) => void = () => undefined;
  let onExit: (code: number) => void = () => undefined;
  let onMessage: (m: FromWorker) => void = () => undefined;
  const urls = await new Promise<Urls>((resolve, reject) => {
    onError = reject;
    onExit = (code) => reject(new Error(`embedded ${service.kind} thread exited (${code}) before it was ready`));
    onMessage = (m) => (m.kind === 'ready' ? resolve(m.urls) : reject(new Error(m.kind === 'failed' ? m.message : 'stopped')));
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
  }).finally(() => worker.off('error', onError).off('exit', onExit).off('message', onMessage));
  // A thread that dies takes its server with it: say so loudly rather than hang every request.
  worker.on('error', (error) => process.emitWarning(`embedded ${service.kind} thread failed: ${error.message}`));
  return {
    ...urls,
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

function start(service: ThreadedService): Promise<ThreadedServer> {
  return service.kind === 'database'
    ? startEmbeddedDatabase(service.dataDir)
    : startEmbeddedBroker(service.creds, service.port, undefined, service.tls, service.unitsDatabaseUrl);
}

const spawned = !isMainThread && parentPort && (workerData as { service?: ThreadedService } | null)?.service;
if (spawned) {
  const port = parentPort!;
  start((workerData as { service: ThreadedService }).service)
    .then((server) => {
      port.postMessage({ kind: 'ready', urls: { url: server.url, tlsUrl: server.tlsUrl } } satisfies FromWorker);
      port.on('message', (m) => {
        if (m === 'stop') void server.stop().finally(() => port.postMessage({ kind: 'stopped' } satisfies FromWorker));
      });
    })
    .catch((error: Error) => port.postMessage({ kind: 'failed', message: error.message } satisfies FromWorker));
}
