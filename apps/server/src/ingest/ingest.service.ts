/**
 * The ingest pipeline: MQTT in → validate (libs/contract) → buffer → one transaction per batch →
 * Ack watermark published after commit → live bus.
 *
 * PUBACKs are released as soon as a message is buffered, not after the commit: mqtt.js handles
 * incoming packets one at a time, so holding each PUBACK for a commit would serialise the stream
 * (FACTS.md). Loss is impossible all the same because the unit keeps every message until the
 * end-to-end Ack covers it; a crash between PUBACK and commit costs a resend, nothing else.
 * PUBACKs are held only when the buffer passes INGEST_HIGH_WATER, which pushes back on the broker.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ingestSubscriptions, validateMessage, type Telemetry, type TelemetryEvent, type VibrationWindow } from '@app/contract';
import type { IPublishPacket } from 'mqtt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUNTIME, type Runtime } from '../runtime';
import { LiveBus } from '../live/live-bus.service';
import { toLiveTelemetry } from '../live/live-telemetry';
import { MetricsService } from '../metrics/metrics.service';
import { MqttService } from '../mqtt/mqtt.service';
import { AckPublisher } from './ack-publisher';
import { IngestRepository } from './ingest.repository';
import { takeBatch } from './batch-budget';
import { batchSize, emptyBatch, type BatchOutcome, type IngestBatch } from './ingest.types';
import { IngestWriter } from './ingest.writer';
import { TELEMETRY_DEFAULT_PARTITION } from '../database/telemetry-partitions';
import { TelemetryPartitionsService } from './telemetry-partitions.service';
import { PubackPacer } from './puback-pacer';

const VEHICLE_REFRESH_MS = 30_000;
const MAX_RETRY_DELAY_MS = 5_000;
/** Messages handled before the receive loop lets pending I/O in (puback-pacer.ts): ~5 ms of work. */
const MESSAGES_PER_SLICE = 64;

/**
 * Batch size and transactions in flight (INGEST_BATCH_MAX, INGEST_BATCHES_IN_FLIGHT, or by
 * database). PostgreSQL overlaps two transactions, so the next batch is written while one
 * commits. The embedded PGlite runs one transaction at a time for everyone: a second batch in
 * flight only queues, and a 2,000-row batch held its session for 1.5–3.4 s on a busy machine
 * while the tablets' answers waited behind it; 500 rows, one at a time, keep that wait short.
 */
export function ingestLimits(config: AppConfig, runtime: Runtime): { batchMax: number; inFlight: number } {
  const pglite = runtime.databaseKind === 'pglite';
  return {
    batchMax: config.INGEST_BATCH_MAX ?? (pglite ? 500 : 2000),
    inFlight: config.INGEST_BATCHES_IN_FLIGHT ?? (pglite ? 1 : 2),
  };
}

@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestService.name);
  private buffer: IngestBatch = emptyBatch();
  private buffered = 0;
  /** receivedAt (ms) of the oldest buffered message, for the lag histogram. */
  private readonly receivedMs: number[] = [];
  private flushTimer?: NodeJS.Timeout;
  /** Batches being written; up to `limits.inFlight`, so the next one is built and sent while one commits. */
  private readonly flushing = new Set<Promise<void>>();
  private heldPubacks: Array<() => void> = [];
  private readonly pacer = new PubackPacer(MESSAGES_PER_SLICE, () => this.mqtt.client.stream);
  private knownVehicles = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  private stopping = false;
  private readonly limits: { batchMax: number; inFlight: number };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) runtime: Runtime,
    private readonly mqtt: MqttService,
    private readonly writer: IngestWriter,
    private readonly repository: IngestRepository,
    private readonly acks: AckPublisher,
    private readonly live: LiveBus,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
    private readonly partitions: TelemetryPartitionsService,
  ) {
    this.limits = ingestLimits(config, runtime);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refreshVehicles();
    this.refreshTimer = setInterval(() => void this.refreshVehicles().catch(() => undefined), VEHICLE_REFRESH_MS);
    this.refreshTimer.unref();
    const client = this.mqtt.client;
    client.handleMessage = (packet, done) => this.releasePuback(packet as IPublishPacket, done);
    client.on('message', (topic, payload) => this.receive(topic, payload));
    const topics = ingestSubscriptions(this.config.INGEST_SHARE_GROUP);
    const granted = await client.subscribeAsync(topics, { qos: 1 });
    const refused = granted.filter((g) => g.qos === 128);
    if (refused.length) throw new Error(`broker refused subscriptions: ${refused.map((g) => g.topic).join(', ')}`);
    this.logger.log(`ingest subscribed to ${topics.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.refreshTimer);
    await this.drain();
  }

  /** Resolves once everything received so far is committed and acknowledged. */
  async drain(): Promise<void> {
    while (this.buffered > 0 || this.flushing.size > 0) {
      this.flush();
      await Promise.race(this.flushing);
    }
  }

  /** Reloads the list of known vehicles (also done every 30 s). */
  async refreshVehicles(): Promise<void> {
    this.knownVehicles = new Set(await this.repository.knownVehicleIds(this.dataSource.manager));
  }

  private releasePuback(_packet: IPublishPacket, done: (error?: Error) => void): void {
    if (this.buffered < this.config.INGEST_HIGH_WATER) return this.pacer.release(done);
    this.heldPubacks.push(() => done());
  }

  private receive(topic: string, payload: Buffer): void {
    const receivedAt = new Date();
    const result = validateMessage(topic, payload, {
      nowMs: receivedAt.getTime(),
      isKnownVehicle: (id) => this.knownVehicles.has(id),
    });
    const at = receivedAt.toISOString();
    if (!result.ok) {
      this.buffer.deadLetters.push({ topic, raw: payload, rejection: result, receivedAt: at });
      this.metrics.ingestMessages.inc({ stream: result.stream ?? 'unknown', outcome: 'rejected' });
      this.metrics.ingestRejections.inc({ stream: result.stream ?? 'unknown', code: result.code });
    } else if (result.stream === 'telemetry') {
      this.buffer.telemetry.push({ payload: result.payload, receivedAt: at });
    } else if (result.stream === 'event') {
      this.buffer.events.push({ payload: result.payload, receivedAt: at });
    } else if (result.stream === 'vibration') {
      this.buffer.vibration.push({ payload: result.payload, receivedAt: at });
    } else {
      this.buffer.statuses.push({ vehicleId: result.vehicleId, status: result.payload, receivedAt: at });
    }
    this.buffered++;
    this.receivedMs.push(receivedAt.getTime());
    this.metrics.ingestBuffered.set(this.buffered);
    if (this.buffered >= this.limits.batchMax) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.config.INGEST_BATCH_MS);
  }

  /**
   * Starts a batch write unless `limits.inFlight` batches are already in flight; messages arriving
   * meanwhile form the next batch (natural batching under load). Two transactions may overlap: the
   * second waits for the first's watermark row locks, so acknowledgements still only grow; both
   * take their locks in the one order of ingest.repository.ts, so they cannot deadlock.
   */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffered === 0 || this.flushing.size >= this.limits.inFlight) return;
    const batch = takeBatch(this.buffer, this.limits.batchMax);
    const taken = batchSize(batch);
    // Receive times of as many messages, oldest first: the lag histogram's approximation.
    const receivedMs = this.receivedMs.splice(0, taken);
    this.buffered -= taken;
    const write: Promise<void> = this.writeWithRetry(batch)
      .then((outcome) => this.afterCommit(batch, outcome, receivedMs))
      .catch((error: Error) => this.logger.error(`ingest batch abandoned at shutdown (units will resend it): ${error.message}`))
      .finally(() => {
        this.flushing.delete(write);
        this.metrics.ingestBuffered.set(this.buffered);
        this.releaseHeldPubacks();
        if (this.buffered > 0) this.flush();
      });
    this.flushing.add(write);
  }

  /**
   * A failed transaction is retried with back-off and its messages stay in memory (the unit would
   * resend them anyway: nothing was acknowledged). While the database is unreachable this retries
   * for as long as it takes, and back-pressure holds the broker. Only when the database refuses the
   * data itself (SQLSTATE class 22 or 23) is the batch split, so that one row cannot block the others.
   */
  private async writeWithRetry(batch: IngestBatch): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      const timer = this.metrics.ingestBatchSeconds.startTimer();
      try {
        await this.partitions.prepare(batch.telemetry);
        const outcome = await this.writer.write(batch);
        timer();
        return outcome;
      } catch (error) {
        this.metrics.ingestBatchFailures.inc();
        this.logger.error(`ingest batch of ${batchSize(batch)} failed (attempt ${attempt}): ${(error as Error).message}`);
        if (isRefusedData(error) && attempt >= 2) return this.writeOneByOne(batch);
        // On shutdown, give up: nothing of this batch was acknowledged, so the units resend it.
        if (this.stopping && attempt >= 3) throw error;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, MAX_RETRY_DELAY_MS)));
      }
    }
  }

  private async writeOneByOne(batch: IngestBatch): Promise<BatchOutcome> {
    const total: BatchOutcome = {
      inserted: { telemetry: 0, event: 0, vibration: 0 },
      duplicates: { telemetry: 0, event: 0, vibration: 0 },
      rejected: 0,
      watermarks: [],
    };
    const singles: IngestBatch[] = [
      ...batch.telemetry.map((t) => ({ ...emptyBatch(), telemetry: [t] })),
      ...batch.events.map((e) => ({ ...emptyBatch(), events: [e] })),
      ...batch.vibration.map((v) => ({ ...emptyBatch(), vibration: [v] })),
      ...batch.deadLetters.map((d) => ({ ...emptyBatch(), deadLetters: [d] })),
      ...batch.statuses.map((s) => ({ ...emptyBatch(), statuses: [s] })),
    ];
    for (const single of singles) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.writer.write(single);
      } catch (error) {
        outcome = isRefusedData(error)
          ? await this.writeWithRetry(this.asStorageRejection(single, (error as Error).message))
          : await this.writeWithRetry(single);
      }
      for (const s of ['telemetry', 'event', 'vibration'] as const) {
        total.inserted[s] += outcome.inserted[s];
        total.duplicates[s] += outcome.duplicates[s];
      }
      total.rejected += outcome.rejected;
      total.watermarks = mergeWatermarks(total.watermarks, outcome.watermarks);
    }
    return total;
  }

  /** A message the database itself refuses becomes a dead letter (code `storage`), never a lost one. */
  private asStorageRejection(single: IngestBatch, reason: string): IngestBatch {
    const [item] = [...single.telemetry, ...single.events, ...single.vibration];
    if (!item) return emptyBatch();
    const p = item.payload as Telemetry | TelemetryEvent | VibrationWindow;
    const stream = single.telemetry.length ? 'telemetry' : single.events.length ? 'event' : 'vibration';
    this.metrics.ingestRejections.inc({ stream, code: 'storage' });
    return {
      ...emptyBatch(),
      deadLetters: [
        {
          topic: `fleet/${p.vehicleId}/${stream}`,
          raw: Buffer.from(JSON.stringify(p)),
          receivedAt: item.receivedAt,
          rejection: {
            ok: false,
            code: 'storage',
            reason: `database refused the row: ${reason}`,
            vehicleId: p.vehicleId,
            stream,
            seq: p.seq,
            ts: p.ts,
          },
        },
      ],
    };
  }

  private afterCommit(batch: IngestBatch, outcome: BatchOutcome, receivedMs: number[]): void {
    const now = Date.now();
    for (const ms of receivedMs) this.metrics.ingestLagSeconds.observe((now - ms) / 1000);
    this.metrics.ingestBatchSize.observe(batchSize(batch));
    for (const s of ['telemetry', 'event', 'vibration'] as const) {
      this.metrics.ingestMessages.inc({ stream: s, outcome: 'stored' }, outcome.inserted[s]);
      this.metrics.ingestMessages.inc({ stream: s, outcome: 'duplicate' }, outcome.duplicates[s]);
    }
    this.metrics.ingestMessages.inc({ stream: 'status', outcome: 'stored' }, batch.statuses.length);
    this.acks.publish(outcome.watermarks);
    this.publishLive(batch);
  }

  /**
   * Live views get the latest sample of each vehicle in the batch (compact), every event and
   * status; in-process consumers (the alerts' evaluation) get the whole batch, once, here only.
   */
  private publishLive(batch: IngestBatch): void {
    const latest = new Map<string, Telemetry>();
    for (const { payload } of batch.telemetry) {
      const prev = latest.get(payload.vehicleId);
      if (!prev || prev.seq < payload.seq) latest.set(payload.vehicleId, payload);
    }
    for (const sample of latest.values())
      this.live.publish({ kind: 'telemetry', vehicleId: sample.vehicleId, sample: toLiveTelemetry(sample) });
    for (const { payload: e } of batch.events)
      this.live.publish({ kind: 'event', vehicleId: e.vehicleId, event: { seq: e.seq, ts: e.ts, type: e.type, data: e.data } });
    for (const { vehicleId, status } of batch.statuses)
      this.live.publish({ kind: 'status', vehicleId, online: status.online, ts: status.ts });
    this.live.publishCommitted({
      kind: 'ingest',
      telemetry: batch.telemetry.map((t) => t.payload),
      events: batch.events.map((e) => e.payload),
      vibration: batch.vibration.map((v) => ({ vehicleId: v.payload.vehicleId, ts: v.payload.ts })),
      deadLetters: batch.deadLetters.map((d) => ({ vehicleId: d.rejection.vehicleId ?? null, ts: d.rejection.ts ?? null })),
      messages: batchSize(batch),
    });
  }

  private releaseHeldPubacks(): void {
    if (this.buffered >= this.config.INGEST_HIGH_WATER / 2) return;
    const held = this.heldPubacks;
    this.heldPubacks = [];
    for (const release of held) release();
  }
}

/**
 * PostgreSQL refused the data itself (data exception or integrity violation), not the connection.
 * Not a row routed to the DEFAULT partition while its month's partition was being attached (23514
 * on telemetry_default): a transaction that began routing before the attach finds DEFAULT's
 * constraint changed under it, and the same rows go to the new partition on the next attempt, so
 * it is retried whole like a lost connection, never split or dead-lettered.
 */
function isRefusedData(error: unknown): boolean {
  const { code, table } = error as { code?: unknown; table?: unknown };
  if (code === '23514' && table === TELEMETRY_DEFAULT_PARTITION) return false;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function mergeWatermarks(a: BatchOutcome['watermarks'], b: BatchOutcome['watermarks']): BatchOutcome['watermarks'] {
  const byVehicle = new Map(a.map((w) => [w.vehicleId, w]));
  for (const w of b) {
    const prev = byVehicle.get(w.vehicleId);
    byVehicle.set(
      w.vehicleId,
      prev
        ? {
            vehicleId: w.vehicleId,
            telemetry: Math.max(prev.telemetry, w.telemetry),
            event: Math.max(prev.event, w.event),
            vibration: Math.max(prev.vibration, w.vibration),
          }
        : w,
    );
  }
  return [...byVehicle.values()];
}
