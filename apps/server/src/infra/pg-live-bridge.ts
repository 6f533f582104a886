/**
 * Carries the live bus between processes with PostgreSQL LISTEN/NOTIFY, on one channel.
 *
 * Out: every message this process publishes is queued and sent, after the commit it reports, with
 * `pg_notify` on the ordinary pool: the messages of one event-loop turn go in as few NOTIFYs as
 * their size allows (a payload is at most 8,000 bytes: PostgreSQL's limit), in one statement. Not
 * inside the ingest's transaction: the bus API stays `publish()` after commit for every publisher
 * (ingest, alerts), and a NOTIFY inside the transaction would be delivered at its commit anyway.
 * A crash between commit and NOTIFY loses a live update, never data (the page re-reads the API).
 *
 * In (processes with the `api` role, which serve the SSE stream): a dedicated connection LISTENs
 * and hands other processes' messages to the local subscribers; a process's own messages come back
 * on the channel too and are dropped by their origin id, so nothing is delivered twice. The
 * connection is re-opened with exponential back-off (250 ms … 10 s, ±20 %) when the database
 * restarts or the connection drops; a heartbeat query every 30 s notices a silently dead one.
 * After a reconnection the local subscribers get a `resync` message: what was notified meanwhile
 * is lost, the page re-reads the state.
 *
 * Not on the embedded PGlite: it is one session behind pglite-socket, and a NOTIFY is delivered to
 * the connection that sent it, not to the listening one (measured: docs/alerts.md "Live bus").
 * The embedded mode is one process, where the bus needs no bridge.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { LiveMessage } from '@app/contract';
import { Client, type Notification } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LiveBus } from '../live/live-bus.service';
import { RUNTIME, type Runtime } from '../runtime';

export const LIVE_CHANNEL = 'live_bus';
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_900;
/** application_name of the listening connection (so that an operator, or a test, can find it). */
export const LISTENER_APPLICATION_NAME = 'live-bus-listener';
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const HEARTBEAT_MS = 30_000;

interface Envelope {
  o: string;
  m: LiveMessage[];
}

/** Packs messages into envelopes of at most MAX_PAYLOAD_BYTES of JSON each; a message that cannot fit alone is returned apart. */
export function packEnvelopes(origin: string, messages: readonly LiveMessage[]): { payloads: string[]; oversized: LiveMessage[] } {
  const head = `{"o":${JSON.stringify(origin)},"m":[`;
  const payloads: string[] = [];
  const oversized: LiveMessage[] = [];
  let parts: string[] = [];
  let bytes = Buffer.byteLength(head) + 2;
  const close = () => {
    if (parts.length) payloads.push(`${head}${parts.join(',')}]}`);
    parts = [];
    bytes = Buffer.byteLength(head) + 2;
  };
  for (const m of messages) {
    const json = JSON.stringify(m);
    const size = Buffer.byteLength(json) + 1;
    if (Buffer.byteLength(head) + 2 + size > MAX_PAYLOAD_BYTES) {
      oversized.push(m);
      continue;
    }
    if (bytes + size > MAX_PAYLOAD_BYTES) close();
    parts.push(json);
    bytes += size;
  }
  close();
  return { payloads, oversized };
}

@Injectable()
export class PgLiveBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PgLiveBridge.name);
  /** Tells this process's notifications from the others' on the shared channel. */
  readonly origin = randomBytes(6).toString('hex');
  private queue: LiveMessage[] = [];
  private sending: Promise<void> | null = null;
  private flushScheduled = false;
  private listener: Client | null = null;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private attempt = 0;
  private everConnected = false;
  private stopping = false;
  /** Counters for /health-like introspection and tests. */
  readonly stats = { sent: 0, received: 0, ownDropped: 0, reconnects: 0, sendFailures: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly bus: LiveBus,
    private readonly dataSource: DataSource,
  ) {}

  get enabled(): boolean {
    return this.runtime.databaseKind === 'postgres';
  }

  get listening(): boolean {
    return this.listener !== null && this.everConnected;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.bus.setOutbound((m) => this.enqueue(m));
    if (this.config.MODULES.includes('api')) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.bus.setOutbound(null);
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    await this.flushNow();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private enqueue(message: LiveMessage): void {
    if (message.kind === 'resync') return; // local by nature
    this.queue.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Everything published in this turn (one batch's messages) goes out together.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flushNow();
    });
  }

  /** Sends what is queued; one send at a time, so that notifications keep their order. */
  private async flushNow(): Promise<void> {
    while (this.sending) await this.sending;
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    this.sending = this.send(messages).finally(() => {
      this.sending = null;
    });
    await this.sending;
  }

  private async send(messages: LiveMessage[]): Promise<void> {
    const { payloads, oversized } = packEnvelopes(this.origin, messages);
    if (oversized.length)
      this.logger.warn(`${oversized.length} live message(s) too large for a NOTIFY, not sent to other processes (${oversized[0].kind})`);
    if (payloads.length === 0) return;
    try {
      await this.dataSource.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS u(p, i) ORDER BY i', [
        LIVE_CHANNEL,
        payloads,
      ]);
      this.stats.sent += payloads.length;
    } catch (error) {
      // Live updates are best effort: the data is committed, the pages re-read it.
      this.stats.sendFailures++;
      this.logger.warn(`live NOTIFY failed (${messages.length} message(s) not sent to other processes): ${(error as Error).message}`);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    const client = new Client({ connectionString: this.runtime.databaseUrl, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      clearInterval(this.heartbeat);
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      if (!this.stopping) {
        this.logger.warn(`live bus listener lost (${why}); reconnecting`);
        this.scheduleReconnect();
      }
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection closed'));
    client.on('notification', (n) => this.receive(n));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (lost) return;
    this.listener = client;
    this.attempt = 0;
    this.heartbeat = setInterval(() => void client.query('SELECT 1').catch((e: Error) => onLost(e.message)), HEARTBEAT_MS);
    this.heartbeat.unref();
    if (this.everConnected) {
      this.stats.reconnects++;
      this.logger.log('live bus listener reconnected');
      this.bus.deliver({
        kind: 'resync',
        vehicleId: null,
        reason: 'live link to the other processes re-established; updates may have been missed',
      });
    }
    this.everConnected = true;
  }

  private scheduleReconnect(): void {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt++);
    const delay = base * (0.8 + 0.4 * Math.random());
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), delay);
    this.retry.unref();
  }

  private receive(n: Notification): void {
    if (n.channel !== LIVE_CHANNEL || !n.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(n.payload) as Envelope;
    } catch {
      this.logger.warn('ignored a live notification that is not JSON');
      return;
    }
    if (envelope.o === this.origin) {
      this.stats.ownDropped++;
      return;
    }
    if (!Array.isArray(envelope.m)) return;
    this.stats.received++;
    for (const m of envelope.m) this.bus.deliver(m);
  }
}
