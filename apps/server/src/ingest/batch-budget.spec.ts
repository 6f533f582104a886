import { describe, expect, it } from 'vitest';
import type { Telemetry, VibrationWindow } from '@app/contract';
import { takeBatch, vibrationCost } from './batch-budget';
import { batchSize, emptyBatch } from './ingest.types';

const sample = (seq: number) => ({ payload: { vehicleId: 'GNV-01', seq } as unknown as Telemetry, receivedAt: '' });
const window = (seq: number, n = 400) => ({
  payload: { vehicleId: 'GNV-01', seq, x: new Array<number>(n).fill(0) } as unknown as VibrationWindow,
  receivedAt: '',
});

describe('takeBatch', () => {
  it('cuts the buffer to the budget, oldest first, and leaves the rest for the next batch', () => {
    const buffer = { ...emptyBatch(), telemetry: Array.from({ length: 1200 }, (_, i) => sample(i)) };
    const first = takeBatch(buffer, 500);
    expect(first.telemetry.map((t) => t.payload.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(buffer.telemetry[0].payload.seq).toBe(500);
    expect(batchSize(takeBatch(buffer, 500)) + batchSize(takeBatch(buffer, 500))).toBe(700);
    expect(batchSize(buffer)).toBe(0);
  });

  it('weighs a vibration window by its values, so a burst of windows is spread over batches', () => {
    expect(vibrationCost(400)).toBe(40);
    const buffer = { ...emptyBatch(), vibration: Array.from({ length: 100 }, (_, i) => window(i)), telemetry: [sample(1)] };
    const first = takeBatch(buffer, 500);
    expect(first.vibration).toHaveLength(12);
    expect(first.telemetry).toHaveLength(1);
    expect(buffer.vibration[0].payload.seq).toBe(12);
  });

  it('always takes at least one message, even one dearer than the budget', () => {
    const buffer = { ...emptyBatch(), vibration: [window(1, 100_000)] };
    expect(takeBatch(buffer, 500).vibration).toHaveLength(1);
  });
});
