/**
 * The unit's MQTT connection (mqtt.js v5): vehicle id as username, retained status with a last
 * will of `online: false`, QoS 1 publishes, and the retained Ack subscription. Reconnection is
 * driven by the unit (dead zones are simulated time, not wall time), so mqtt.js's own reconnect
 * is off; an unexpected close is retried every `retryMs` until the unit says otherwise.
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
  retryMs?: number;
}

export class MqttLink {
  private client: MqttClient | null = null;
  private wanted = false;
  private retry: NodeJS.Timeout | null = null;
  connected = false;
  connects = 0;
  lastError: string | null = null;

  constructor(private readonly o: LinkOptions) {}

  /** Connects and subscribes to the Ack; resolves once both are done (or rejects on a refused CONNECT). */
  up(): Promise<void> {
    this.wanted = true;
    if (this.client) return Promise.resolve();
    const { vehicleId } = this.o;
    const status = (online: boolean) => JSON.stringify({ online, ts: new Date(this.o.now()).toISOString(), firmware: this.o.firmware });
    const client = mqtt.connect(this.o.url, {
      username: vehicleId,
      password: this.o.password,
      clientId: `obu-${vehicleId}-${process.pid}-${this.connects}`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: topicFor(vehicleId, 'status'), payload: Buffer.from(status(false)), qos: 1, retain: true },
    });
    this.client = client;
    this.connects++;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      client.on('connect', () => {
        client.subscribe(topicFor(vehicleId, 'ack'), { qos: 1 }, (err) => {
          if (err) { this.lastError = err.message; if (!settled) { settled = true; reject(err); } return; }
          client.publish(topicFor(vehicleId, 'status'), status(true), { qos: 1, retain: true });
          this.connected = true;
          this.lastError = null;
          this.o.onUp();
          if (!settled) { settled = true; resolve(); }
        });
      });
      client.on('message', (_topic, payload) => {
        const parsed = ackSchema.safeParse(safeJson(payload.toString('utf8')));
        if (parsed.success) this.o.onAck(parsed.data);
      });
      client.on('error', (err) => {
        this.lastError = err.message;
        // A refused CONNECT (bad credentials) will not get better by retrying.
        if (!settled && /Not authorized|Bad username|refused/i.test(err.message)) { settled = true; this.wanted = false; reject(err); }
      });
      client.on('close', () => {
        const was = this.connected;
        this.connected = false;
        if (this.client === client) this.client = null;
        client.removeAllListeners('connect');
        if (was) this.o.onDown(this.lastError ?? 'connection closed');
        if (!settled && !this.wanted) { settled = true; resolve(); }
        if (this.wanted) this.scheduleRetry();
      });
    });
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.wanted && !this.client) this.up().catch(() => undefined);
    }, this.o.retryMs ?? 500);
  }

  /** Drops the connection abruptly, as a dead zone does: no DISCONNECT, so the broker sends the will. */
  drop(): void {
    this.wanted = false;
    const c = this.client;
    if (!c) return;
    this.client = null;
    this.connected = false;
    c.stream?.destroy();
    c.end(true);
    this.o.onDown('dropped');
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
    if (this.retry) { clearTimeout(this.retry); this.retry = null; }
    const c = this.client;
    if (!c) return;
    if (this.connected) {
      await new Promise<void>((resolve) => c.publish(topicFor(this.o.vehicleId, 'status'),
        JSON.stringify({ online: false, ts: new Date(this.o.now()).toISOString(), firmware: this.o.firmware }), { qos: 1, retain: true }, () => resolve()));
    }
    await c.endAsync();
    this.client = null;
    this.connected = false;
  }
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return null; }
}
