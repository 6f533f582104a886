/**
 * The unit's MQTT connection (mqtt.js v5): vehicle id as username, retained status with a last
 * will of `online: false`, QoS 1 publishes, and the retained Ack subscription. Reconnection is
 * driven by the unit (dead zones are simulated time, not wall time), so mqtt.js's own reconnect
 * is off; while the link is wanted, a failed or lost connection is retried with exponential
 * back-off (`retryMs` doubling up to `retryMaxMs`). Only a CONNACK refusal of the credentials is
 * final: a network error (broker not listening yet, reset, timeout) is always retried.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { ackSchema, topicFor, type Ack } from '@app/contract';

export interface LinkOptions {
  url: string;
  vehicleId: string;
  password: string;
  firmware: string;
  /** The unit's clock for the status ts (simulated time). */
  now: () => number;
  onAck: (ack: Ack) => void;
  onUp: () => void;
  onDown: (reason: string) => void;
  /** First retry delay (wall clock); doubles after each failed attempt. */
  retryMs?: number;
  /** Longest retry delay. */
  retryMaxMs?: number;
}

/**
 * CONNACK codes that refuse the credentials themselves, so the same CONNECT can never succeed:
 * MQTT 3.1.1 §3.2.2.3 return codes 4 (bad user name or password) and 5 (not authorized), MQTT 5
 * §3.2.2.2 reason codes 0x86 and 0x87. mqtt.js reports them as an ErrorWithReasonCode whose
 * numeric `code` is the CONNACK's; socket errors carry a string `code` (ECONNREFUSED, …) instead.
 */
const CREDENTIALS_REFUSED = new Set([4, 5, 0x86, 0x87]);

export function isCredentialsRefusal(err: Error): boolean {
  const code = (err as Error & { code?: unknown }).code;
  return typeof code === 'number' && CREDENTIALS_REFUSED.has(code);
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class MqttLink {
  private client: MqttClient | null = null;
  private wanted = false;
  private retry: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private waiters: Waiter[] = [];
  connected = false;
  connects = 0;
  lastError: string | null = null;

  constructor(private readonly o: LinkOptions) {
    this.retryDelayMs = o.retryMs ?? 500;
  }

  /**
   * Wants the link up: connects (now, unless an attempt is under way) and resolves once connected
   * and subscribed to the Ack, however many retries that takes. Rejects on a refusal of the
   * credentials; resolves without a connection if the link is dropped or closed meanwhile.
   */
  up(): Promise<void> {
    this.wanted = true;
    if (this.connected) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.client) {
      this.cancelRetry();
      this.connect();
    }
    return ready;
  }

  private connect(): void {
    const { vehicleId } = this.o;
    const status = (online: boolean) => JSON.stringify({ online, ts: new Date(this.o.now()).toISOString(), firmware: this.o.firmware });
    const client = mqtt.connect(this.o.url, {
      username: vehicleId,
      password: this.o.password,
      // The broker binds the client id to the login (docs/contract.md §8): one session per unit.
      clientId: vehicleId,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: topicFor(vehicleId, 'status'), payload: Buffer.from(status(false)), qos: 1, retain: true },
    });
    this.client = client;
    this.connects++;
    let accepted = false;
    client.on('connect', () => {
      accepted = true;
      client.subscribe(topicFor(vehicleId, 'ack'), { qos: 1 }, (err) => {
        if (this.client !== client) return;
        // Not subscribed, no Ack would ever arrive: drop this connection and retry.
        if (err) {
          this.lastError = err.message;
          client.end(true);
          return;
        }
        client.publish(topicFor(vehicleId, 'status'), status(true), { qos: 1, retain: true });
        this.connected = true;
        this.lastError = null;
        this.retryDelayMs = this.o.retryMs ?? 500;
        this.o.onUp();
        this.settle();
      });
    });
    client.on('message', (_topic, payload) => {
      const parsed = ackSchema.safeParse(safeJson(payload.toString('utf8')));
      if (parsed.success) this.o.onAck(parsed.data);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      if (!accepted && isCredentialsRefusal(err)) {
        this.wanted = false;
        this.cancelRetry();
        this.settle(err);
      }
    });
    client.on('close', () => {
      client.removeAllListeners('connect');
      // A connection already replaced (drop, close) has been accounted for there.
      if (this.client !== client) return;
      const was = this.connected;
      this.client = null;
      this.connected = false;
      if (was) this.o.onDown(this.lastError ?? 'connection closed');
      if (this.wanted) this.scheduleRetry();
      else this.settle();
    });
  }

  /** Answers everyone waiting in up(): connected (or no longer wanted), or refused. */
  private settle(err?: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters)
      if (err) w.reject(err);
      else w.resolve();
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, this.o.retryMaxMs ?? 10_000);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.wanted && !this.client) this.connect();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
    }
  }

  /** Drops the connection abruptly, as a dead zone does: no DISCONNECT, so the broker sends the will. */
  drop(): void {
    this.wanted = false;
    this.cancelRetry();
    this.settle();
    const c = this.client;
    if (!c) return;
    this.client = null;
    const was = this.connected;
    this.connected = false;
    c.stream?.destroy();
    c.end(true);
    if (was) this.o.onDown('dropped');
  }

  publish(topic: string, payload: string, cb?: (err?: Error) => void): boolean {
    const c = this.client;
    if (!c || !this.connected) return false;
    c.publish(topic, payload, { qos: 1 }, cb);
    return true;
  }

  /** Clean shutdown at the end of a run: status offline (retained), then DISCONNECT. */
  async close(): Promise<void> {
    this.wanted = false;
    this.cancelRetry();
    this.settle();
    const c = this.client;
    if (!c) return;
    const was = this.connected;
    if (was) {
      // The PUBACK never comes if the connection is lost meanwhile: its close ends the wait too.
      await new Promise<void>((resolve) => {
        c.once('close', () => resolve());
        c.publish(
          topicFor(this.o.vehicleId, 'status'),
          JSON.stringify({ online: false, ts: new Date(this.o.now()).toISOString(), firmware: this.o.firmware }),
          { qos: 1, retain: true },
          () => resolve(),
        );
      });
    }
    this.client = null;
    this.connected = false;
    // A connection still being attempted, or already lost, has nothing to flush: end it at once.
    await c.endAsync(!c.connected);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
