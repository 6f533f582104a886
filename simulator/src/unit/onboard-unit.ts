/**
 * The on-board unit's sending side: numbers each message (seq per stream), keeps it in the outbox,
 * publishes it when the link is up, replays what the Ack has not covered, and injects the
 * transport faults (duplicates, reordering, malformed payloads, dead zones). Everything decided
 * here in simulated time is deterministic and goes to the ground truth; what depends on the real
 * network (republishes, acks) goes to the run report.
 */
import { LOCAL_UTC_OFFSET_S } from '@app/data';
import { topicFor, type Ack, type Stream, type Telemetry, type TelemetryEvent, type VibrationWindow } from '@app/contract';
import type { FaultSpec, Interval } from '../faults';
import { IntervalCursor } from '../faults';
import type { Rng } from '../rng';
import type { MqttLink } from './mqtt-link';
import { Outbox, type OutboxEntry } from './outbox';
import { telemetryJson } from './serialize';

export interface InjectedFault {
  kind: string;
  vehicleId: string;
  ts: string;
  stream?: Stream;
  seq?: number;
  detail?: string;
  until?: string;
}

export interface UnitOptions {
  vehicleId: string;
  faults: FaultSpec;
  deadZones: Interval[];
  rng: Rng;
  /** No broker: serialise and count only (benchmarks, --dry-run). */
  dryRun: boolean;
  ackTimeoutMs: number;
  startSeq?: Partial<Record<Stream, number>>;
  log: (f: InjectedFault) => void;
}

export class OnboardUnit {
  readonly outbox: Outbox;
  link: MqttLink | null = null;
  /** Messages per local date and stream (deterministic: the ground truth's "sent"). */
  readonly perDay: Record<string, Record<Stream, number>> = {};
  readonly injected = { duplicate: 0, reorder: 0, malformed: 0, deadZoneSeconds: 0 };
  readonly net = { publishes: 0, republishes: 0, publishErrors: 0, reconnects: 0, malformedPublished: 0 };
  private simNow = 0;
  private inDeadZone = false;
  private brokerDown = false;
  private readonly deadZoneCursor: IntervalCursor<Interval>;
  private held: Partial<Record<Stream, OutboxEntry>> = {};
  bytes = 0;
  private day = '';
  private dayEnds = -Infinity;

  constructor(private readonly o: UnitOptions) {
    this.outbox = new Outbox(o.startSeq);
    this.deadZoneCursor = new IntervalCursor(o.deadZones);
  }

  get vehicleId(): string {
    return this.o.vehicleId;
  }
  get offline(): boolean {
    return this.inDeadZone || this.brokerDown;
  }

  /** Advances the unit's notion of simulated time: enters or leaves dead zones. */
  setSimTime(ms: number): void {
    this.simNow = ms;
    const dz = this.o.faults['dead-zone'] ? this.deadZoneCursor.at(ms) : null;
    if (dz && !this.inDeadZone) {
      this.inDeadZone = true;
      this.o.log({
        kind: 'dead-zone',
        vehicleId: this.o.vehicleId,
        ts: iso(dz.fromMs),
        until: iso(dz.toMs),
        detail: `${(dz.toMs - dz.fromMs) / 1000} s without network`,
      });
      this.link?.drop();
    } else if (!dz && this.inDeadZone) {
      this.inDeadZone = false;
      if (!this.brokerDown) this.link?.up().catch(() => undefined);
    }
    if (this.inDeadZone) this.injected.deadZoneSeconds++;
  }

  /** Broker restart fault without a restart hook: a forced disconnect of every unit, then reconnect. */
  setBrokerDown(down: boolean): void {
    if (down === this.brokerDown) return;
    this.brokerDown = down;
    if (down) this.link?.drop();
    else if (!this.inDeadZone) this.link?.up().catch(() => undefined);
  }

  telemetry(t: Telemetry): void {
    this.send('telemetry', t, telemetryJson);
  }
  event(e: TelemetryEvent): void {
    this.send('event', e, JSON.stringify);
  }
  vibration(w: VibrationWindow): void {
    this.send('vibration', w, JSON.stringify);
  }

  private send<T extends { seq: number; ts: string }>(stream: Stream, msg: T, toJson: (m: T) => string): void {
    if (this.simNow >= this.dayEnds || this.simNow < this.dayEnds - 86_400_000) {
      this.day = localDate(this.simNow);
      this.dayEnds = Date.parse(`${this.day}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000 + 86_400_000;
    }
    const day = this.day;
    const counts = (this.perDay[day] ??= { telemetry: 0, event: 0, vibration: 0 });
    counts[stream]++;
    const rng = this.o.rng;
    const f = this.o.faults;
    // Draw every decision every time, so one fault's rate never shifts another's sequence, and a
    // dry run injects exactly what a real run does.
    const rMal = rng.next(),
      rDup = rng.next(),
      rReo = rng.next();
    const render = (seq: number) => {
      msg.seq = seq;
      return toJson(msg);
    };
    const entry: OutboxEntry = this.o.dryRun
      ? { stream, ...this.outbox.numberOnly(stream, render), sentAt: 0, publishes: 0 }
      : this.outbox.add(stream, render);
    this.bytes += entry.payload.length;
    if (f.malformed && rMal < f.malformed) this.malformed(stream, entry);
    const held = this.held[stream];
    if (f.reorder && rReo < f.reorder && !held) {
      // Held back and sent right after the next message of its stream (it stays in the outbox).
      this.held[stream] = entry;
      this.injected.reorder++;
      this.o.log({ kind: 'reorder', vehicleId: this.o.vehicleId, ts: msg.ts, stream, seq: entry.seq });
      return;
    }
    this.publish(entry);
    if (held) {
      delete this.held[stream];
      this.publish(held);
    }
    if (f.duplicate && rDup < f.duplicate) {
      this.injected.duplicate++;
      this.o.log({ kind: 'duplicate', vehicleId: this.o.vehicleId, ts: msg.ts, stream, seq: entry.seq });
      this.publish(entry, true);
    }
  }

  /**
   * A corrupted copy sent beside the real message: bad JSON, or JSON that breaks the schema. It
   * carries no readable seq, so the server dead-letters it without touching the Ack watermark,
   * and the real message (kept in the outbox) is still delivered.
   */
  private malformed(stream: Stream, entry: OutboxEntry): void {
    const variant = this.o.rng.int(0, 2);
    let payload: string;
    let detail: string;
    if (variant === 0) {
      payload = entry.payload.slice(0, Math.max(1, Math.floor(entry.payload.length * this.o.rng.uniform(0.2, 0.8))));
      detail = 'truncated JSON';
    } else if (variant === 1) {
      payload = JSON.stringify({ v: 1, vehicleId: this.o.vehicleId, seq: 'garbled', ts: 'not-a-date' });
      detail = 'wrong types';
    } else {
      payload = '\u0000\u00ff{{corrupt';
      detail = 'binary garbage';
    }
    this.injected.malformed++;
    this.o.log({ kind: 'malformed', vehicleId: this.o.vehicleId, ts: iso(this.simNow), stream, seq: entry.seq, detail });
    if (!this.o.dryRun && this.link && !this.offline && this.link.publish(topicFor(this.o.vehicleId, stream), payload))
      this.net.malformedPublished++;
  }

  private publish(entry: OutboxEntry, duplicate = false): void {
    if (!this.link || this.offline) return;
    const ok = this.link.publish(topicFor(this.o.vehicleId, entry.stream), entry.payload, (err) => {
      if (err) this.net.publishErrors++;
    });
    if (!ok) return;
    if (!duplicate) {
      if (entry.publishes > 0) this.net.republishes++;
      entry.publishes++;
      entry.sentAt = Date.now();
    }
    this.net.publishes++;
  }

  onAck(ack: Ack): void {
    this.outbox.applyAck(ack);
  }

  /** Republishes what the Ack has not covered: all of it after a reconnect, else what timed out. */
  replay(all: boolean, limit = 5000): number {
    if (!this.link || this.offline || !this.link.connected) return 0;
    const due = this.outbox.due(all ? Infinity : Date.now() - this.o.ackTimeoutMs, limit);
    for (const e of due) this.publish(e);
    return due.length;
  }

  onLinkUp(): void {
    this.net.reconnects++;
    this.replay(true, Infinity);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const localDate = (ms: number) => new Date(ms + LOCAL_UTC_OFFSET_S * 1000).toISOString().slice(0, 10);
