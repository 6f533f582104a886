import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '@app/contract';
import { MAX_PAYLOAD_BYTES, packEnvelopes } from './pg-live-bridge';

const event = (i: number, note = ''): LiveMessage => ({
  kind: 'event',
  vehicleId: 'GNV-01',
  event: { seq: i, ts: '2018-06-11T07:00:00.000Z', type: 'stop_arrival', data: { stopId: `S-${i}${note}` } },
});

describe('packEnvelopes', () => {
  it('packs messages in order into payloads under the NOTIFY limit, each a JSON envelope with the origin', () => {
    const messages = Array.from({ length: 400 }, (_, i) => event(i, 'é'.repeat(i % 7)));
    const { payloads, oversized } = packEnvelopes('abc123', messages);
    expect(oversized).toEqual([]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const decoded = payloads.map((p) => JSON.parse(p) as { o: string; m: LiveMessage[] });
    expect(decoded.every((d) => d.o === 'abc123')).toBe(true);
    expect(decoded.flatMap((d) => d.m)).toEqual(messages);
  });

  it('sets apart a message too large for any payload, and sends nothing for nothing', () => {
    const huge = event(1, 'x'.repeat(MAX_PAYLOAD_BYTES));
    const { payloads, oversized } = packEnvelopes('o', [event(0), huge, event(2)]);
    expect(oversized).toEqual([huge]);
    expect(payloads.flatMap((p) => (JSON.parse(p) as { m: LiveMessage[] }).m)).toEqual([event(0), event(2)]);
    expect(packEnvelopes('o', [])).toEqual({ payloads: [], oversized: [] });
  });
});
