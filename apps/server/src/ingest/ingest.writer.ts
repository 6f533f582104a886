/**
 * Writes one batch in one transaction and returns what it stored, duplicated and rejected, with
 * the watermarks to acknowledge. Nothing here publishes: the caller acks after the commit. The
 * steps follow the lock order of ingest.repository.ts: stream rows, vehicles, counters, watermarks.
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Stream } from '@app/contract';
import { DataSource } from 'typeorm';
import { counterKey, IngestRepository } from './ingest.repository';
import type { BatchOutcome, IngestBatch, Received } from './ingest.types';

type Keyed = Received<{ vehicleId: string; seq: number; ts: string }>;

@Injectable()
export class IngestWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: IngestRepository,
  ) {}

  async write(batch: IngestBatch): Promise<BatchOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [telemetry, events, vibration] = [
        await this.repository.insertTelemetry(m, batch.telemetry),
        await this.repository.insertEvents(m, batch.events),
        await this.repository.insertVibration(m, batch.vibration),
      ];
      const newStatuses = await this.repository.insertDeadLetters(m, batch.deadLetters);

      const counts = new Map<string, number>();
      const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
      const touched = new Map<string, { vehicleId: string; stream: Stream }>();
      const lastSeen = new Map<string, string>();
      const seen = (vehicleId: string, receivedAt: string) => {
        if ((lastSeen.get(vehicleId) ?? '') < receivedAt) lastSeen.set(vehicleId, receivedAt);
      };

      const account = (stream: Stream, rows: Keyed[], inserted: Array<{ vehicle_id: string; seq: string }>) => {
        const stored = new Set(inserted.map((r) => `${r.vehicle_id}|${r.seq}`));
        let duplicates = 0;
        for (const { payload, receivedAt } of rows) {
          // A second copy inside one batch is a duplicate too: only the first claims the insert.
          const isNew = stored.delete(`${payload.vehicleId}|${payload.seq}`);
          if (!isNew) duplicates++;
          bump(counterKey(payload.vehicleId, payload.ts, stream, isNew ? 'stored' : 'duplicate'));
          touched.set(`${payload.vehicleId}|${stream}`, { vehicleId: payload.vehicleId, stream });
          seen(payload.vehicleId, receivedAt);
        }
        return duplicates;
      };

      const duplicates = {
        telemetry: account('telemetry', batch.telemetry, telemetry),
        event: account('event', batch.events, events),
        vibration: account('vibration', batch.vibration, vibration),
      };
      for (const d of batch.deadLetters) {
        const { vehicleId, stream, seq, ts, code } = d.rejection;
        // A vehicle that is not registered gets no counters, no watermark row and no retained Ack:
        // its dead letter is the only trace, and nothing answers it (issue 12).
        if (!vehicleId || !stream || code === 'unknown_vehicle') continue;
        // A status refused before (a retained one delivered again at a restart) was counted then.
        if (stream === 'status' && !newStatuses.has(`${d.topic}|${createHash('sha256').update(d.raw).digest('hex')}`)) continue;
        bump(counterKey(vehicleId, ts ?? d.receivedAt, stream, 'rejected'));
        if (stream !== 'status' && seq !== null) touched.set(`${vehicleId}|${stream}`, { vehicleId, stream });
      }
      for (const s of batch.statuses) seen(s.vehicleId, s.receivedAt);

      await this.repository.lockVehicles(m, lastSeen.keys());
      await this.repository.applyStatuses(m, batch.statuses);
      await this.repository.touchLastSeen(m, lastSeen);
      await this.repository.bumpCounters(m, counts);
      const watermarks = await this.repository.advanceWatermarks(m, [...touched.values()]);
      return {
        inserted: { telemetry: telemetry.length, event: events.length, vibration: vibration.length },
        duplicates,
        rejected: batch.deadLetters.length,
        watermarks,
      };
    });
  }
}
