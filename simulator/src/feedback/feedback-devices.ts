/**
 * The coaches' tablets and the drivers' questionnaire pages as HTTP clients, behaving like the
 * real pages (they run the same sync loop, libs/feedback-client): each device keeps its answers in
 * its own outbox until the server has settled them (stored, duplicate, or refused for good), one
 * request at a time, with back-off and jitter after a failure, and never gives up while the run
 * lasts. Without a server (dry run) answers simply stay queued.
 */
import type { DriverQuestionnaireSubmission, RatingSubmission } from '@app/contract';
import { sendQuestionnaire, sendRatingBatch, type SendOptions } from '../../../libs/feedback-client/src/send';
import { Syncer, type OutboxStore, type PendingItem, type Refusal, type SendOutcome } from '../../../libs/feedback-client/src/syncer';

export type DeviceKind = 'rating' | 'questionnaire';

/** What one device did, per vehicle its answers were about. */
export interface DeviceTally {
  created: number;
  stored: number;
  duplicates: number;
  refused: Refusal[];
  /** Still in the outbox when the report was taken. */
  waiting: number;
}

export interface DeviceReport {
  deviceId: string;
  kind: DeviceKind;
  /** The coach (tablet) or the driver (questionnaire page). */
  owner: string;
  byVehicle: Record<string, DeviceTally>;
  waiting: number;
  unauthorized: boolean;
  lastError: string | null;
}

export interface FeedbackDevicesOptions {
  apiUrl: string | null;
  tabletTokens: Record<string, string>;
  driverCodes: Record<string, string>;
  /** A request the server has not answered after this long is abandoned and retried later. */
  timeoutMs?: number;
  /** Back-off of the devices (the pages use 2 s … 5 min; a replay wants a shorter ceiling). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

class MemoryOutbox<T> implements OutboxStore<T> {
  items: Array<PendingItem<T>> = [];
  ready(): Promise<Array<PendingItem<T>>> {
    return Promise.resolve(this.items);
  }
  remove(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    this.items = this.items.filter((i) => !gone.has(i.id));
    return Promise.resolve();
  }
}

/** Wall-clock duration of every request the devices made (ms), answered or not. */
export class LatencyLog {
  readonly ms: number[] = [];
  async time<R>(work: () => Promise<R>): Promise<R> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.ms.push(performance.now() - t0);
    }
  }

  summary(): { requests: number; p50: number; p95: number; p99: number; max: number } | null {
    if (this.ms.length === 0) return null;
    const sorted = [...this.ms].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
    return { requests: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted[sorted.length - 1]) };
  }
}

class Device<T extends { id: string; vehicleId: string }> {
  readonly outbox = new MemoryOutbox<T>();
  readonly syncer: Syncer<T> | null;
  readonly byVehicle: Record<string, DeviceTally> = {};
  private readonly vehicleOf = new Map<string, string>();

  constructor(
    readonly deviceId: string,
    readonly kind: DeviceKind,
    readonly owner: string,
    send: ((items: Array<PendingItem<T>>) => Promise<SendOutcome>) | null,
    o: FeedbackDevicesOptions,
  ) {
    this.syncer = send
      ? new Syncer<T>({
          store: this.outbox,
          send: (items) => this.tallied(send, items),
          baseMs: o.baseDelayMs ?? 1_000,
          maxMs: o.maxDelayMs ?? 30_000,
        })
      : null;
  }

  add(body: T, auth?: string): void {
    this.tally(body.vehicleId).created++;
    this.vehicleOf.set(body.id, body.vehicleId);
    this.outbox.items.push({ id: body.id, body, auth });
    this.syncer?.kick();
  }

  private tally(vehicleId: string): DeviceTally {
    return (this.byVehicle[vehicleId] ??= { created: 0, stored: 0, duplicates: 0, refused: [], waiting: 0 });
  }

  private async tallied(send: (items: Array<PendingItem<T>>) => Promise<SendOutcome>, items: Array<PendingItem<T>>): Promise<SendOutcome> {
    const outcome = await send(items);
    if (outcome.kind !== 'answered') return outcome;
    const refused = new Set(outcome.refused.map((r) => r.id));
    const duplicates = new Set(outcome.duplicates ?? []);
    for (const id of outcome.done) {
      const t = this.tally(this.vehicleOf.get(id) ?? '?');
      if (refused.has(id)) continue;
      if (duplicates.has(id)) t.duplicates++;
      else t.stored++;
    }
    for (const r of outcome.refused) this.tally(this.vehicleOf.get(r.id) ?? '?').refused.push(r);
    return outcome;
  }

  report(): DeviceReport {
    const s = this.syncer?.state;
    for (const t of Object.values(this.byVehicle)) t.waiting = 0;
    for (const i of this.outbox.items) this.tally(i.body.vehicleId).waiting++;
    return {
      deviceId: this.deviceId,
      kind: this.kind,
      owner: this.owner,
      byVehicle: this.byVehicle,
      waiting: this.outbox.items.length,
      unauthorized: s?.unauthorized ?? false,
      lastError: s?.reason ?? null,
    };
  }

  /** Settled: nothing waits, or what waits was refused for good (the credential itself). */
  get settled(): boolean {
    return this.outbox.items.length === 0 || (this.syncer?.state.unauthorized ?? false);
  }
}

export class FeedbackDevices {
  private readonly tablets = new Map<string, Device<RatingSubmission>>();
  private readonly drivers = new Map<string, Device<DriverQuestionnaireSubmission>>();
  private readonly send: SendOptions | null;
  readonly latency = new LatencyLog();

  constructor(private readonly o: FeedbackDevicesOptions) {
    const timed: typeof fetch = (input, init) => this.latency.time(() => fetch(input, init));
    this.send = o.apiUrl ? { baseUrl: o.apiUrl.replace(/\/$/, ''), timeoutMs: o.timeoutMs ?? 120_000, fetch: timed } : null;
  }

  addRating(r: RatingSubmission & { deviceId: string }): void {
    let d = this.tablets.get(r.deviceId);
    if (!d) {
      const token = this.o.tabletTokens[r.vehicleId];
      const send = this.send
        ? (items: Array<PendingItem<RatingSubmission>>) =>
            token
              ? sendRatingBatch(this.send!, token, items)
              : Promise.resolve<SendOutcome>({ kind: 'unauthorized', reason: `no tablet token for ${r.vehicleId}` })
        : null;
      this.tablets.set(r.deviceId, (d = new Device(r.deviceId, 'rating', r.vehicleId, send, this.o)));
    }
    d.add(r);
  }

  addQuestionnaire(q: DriverQuestionnaireSubmission & { deviceId: string }): void {
    let d = this.drivers.get(q.deviceId);
    if (!d) {
      const send = this.send ? (items: Array<PendingItem<DriverQuestionnaireSubmission>>) => sendQuestionnaire(this.send!, items) : null;
      this.drivers.set(q.deviceId, (d = new Device(q.deviceId, 'questionnaire', q.driverId, send, this.o)));
    }
    const code = this.o.driverCodes[q.driverId];
    d.add(q, code ?? '');
  }

  private all(): Array<Device<RatingSubmission> | Device<DriverQuestionnaireSubmission>> {
    return [...this.tablets.values(), ...this.drivers.values()];
  }

  /** Answers still in some outbox. */
  get pending(): number {
    return this.all().reduce((s, d) => s + d.outbox.items.length, 0);
  }

  /** Every outbox empty, or what remains refused for good. */
  get settled(): boolean {
    return this.all().every((d) => d.settled);
  }

  /** Why the devices still wait, if they do (the last failure of one of them). */
  get lastError(): string | null {
    return (
      this.all()
        .map((d) => d.syncer?.state.reason)
        .find((r) => r) ?? null
    );
  }

  reports(): DeviceReport[] {
    return this.all().map((d) => d.report());
  }

  stop(): void {
    for (const d of this.all()) d.syncer?.stop();
  }
}
