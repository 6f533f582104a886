/**
 * How much one batch transaction may carry. Under load the buffer grows while a batch commits;
 * written whole, the next batch once held 2,000 samples and 100 vibration windows, and the
 * embedded PGlite's one session for 4 s while every tablet's answer waited behind it (issue 8).
 * A batch is therefore cut to a budget of row-equivalents: a telemetry sample, an event, a status
 * or a dead letter costs one; a vibration window costs its values over a sample's (three axes of
 * 4 s at 100 Hz ≈ 40 samples' worth). The rest stays buffered, in arrival order per stream, for
 * the next batch, so each stream's acknowledgements still only grow.
 */
import { emptyBatch, type IngestBatch } from './ingest.types';

/** Numeric values in one telemetry sample (the contract's telemetry row). */
const VALUES_PER_SAMPLE = 30;

export const vibrationCost = (samplesPerAxis: number): number => Math.max(1, Math.ceil((3 * samplesPerAxis) / VALUES_PER_SAMPLE));

/** Removes from `buffer` and returns the oldest messages of each stream that fit in `budget` (at least one message). */
export function takeBatch(buffer: IngestBatch, budget: number): IngestBatch {
  const batch = emptyBatch();
  let left = budget;
  const take = <T>(from: T[], to: T[], cost: (item: T) => number) => {
    let n = 0;
    while (n < from.length && (left - cost(from[n]) >= 0 || left === budget)) left -= cost(from[n++]);
    to.push(...from.splice(0, n));
  };
  // Small and urgent first (statuses drive the dashboard, refusals are few), the bulk last.
  take(buffer.statuses, batch.statuses, () => 1);
  take(buffer.deadLetters, batch.deadLetters, () => 1);
  take(buffer.events, batch.events, () => 1);
  take(buffer.vibration, batch.vibration, (v) => vibrationCost(v.payload.x.length));
  take(buffer.telemetry, batch.telemetry, () => 1);
  return batch;
}
