import { describe, expect, it } from 'vitest';
import { validateMessage } from './validate';
import { sampleTelemetry } from './fixtures';

const opts = { nowMs: Date.parse('2018-06-11T08:00:00Z'), isKnownVehicle: (id: string) => id === 'GNV-01' || id === 'DSL-01' };
const enc = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('validateMessage', () => {
  it('accepts the docs/contract.md telemetry example', () => {
    const r = validateMessage('fleet/GNV-01/telemetry', enc(sampleTelemetry()), opts);
    expect(r.ok).toBe(true);
  });

  it.each([
    ['bad JSON', 'fleet/GNV-01/telemetry', Buffer.from('{"v":1,'), 'bad_json'],
    ['vehicle mismatch', 'fleet/DSL-01/telemetry', enc(sampleTelemetry()), 'vehicle_mismatch'],
    ['unknown vehicle', 'fleet/XYZ-9/telemetry', enc({ ...sampleTelemetry(), vehicleId: 'XYZ-9' }), 'unknown_vehicle'],
    ['out of range', 'fleet/GNV-01/telemetry', enc({ ...sampleTelemetry(), speedKmh: 141 }), 'schema'],
    ['extra field', 'fleet/GNV-01/telemetry', enc({ ...sampleTelemetry(), extra: 1 }), 'schema'],
    ['missing block', 'fleet/GNV-01/telemetry', enc({ ...sampleTelemetry(), cabin: undefined }), 'schema'],
    ['future ts', 'fleet/GNV-01/telemetry', enc({ ...sampleTelemetry(), ts: '2018-06-11T08:06:00.000Z' }), 'future_ts'],
    ['too large', 'fleet/GNV-01/telemetry', Buffer.alloc(256 * 1024 + 1, 32), 'too_large'],
    ['bad topic', 'fleet/GNV-01/other', enc(sampleTelemetry()), 'bad_topic'],
  ])('rejects %s with a precise reason and keeps the readable seq', (_name, topic, payload, code) => {
    const r = validateMessage(topic, payload, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.reason.length).toBeGreaterThan(5);
    if (code === 'schema' || code === 'vehicle_mismatch' || code === 'future_ts') expect(r.seq).toBe(41870);
  });

  it('names the field and the limit of a range error', () => {
    const t = sampleTelemetry();
    const r = validateMessage('fleet/GNV-01/telemetry', enc({ ...t, fuel: { ...t.fuel, tankPressureBar: 300 } }), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^fuel\.tankPressureBar: .*260/);
  });

  it('accepts every event type of the contract', () => {
    const base = { v: 1, vehicleId: 'GNV-01', seq: 1, ts: '2018-06-11T07:30:02.000Z' };
    const events = [
      { type: 'trip_start', data: { tripId: '101-A-0730', direction: 0, driverId: 'D-07' } },
      { type: 'refuel', data: { stationId: 'GRDF-MTP' } },
      { type: 'stop_arrival', data: { stopId: 'S1', boarded: 3 } },
      { type: 'harsh_brake', data: { peakMs2: 3.4 } },
      { type: 'gnss_lost', data: {} },
    ];
    for (const e of events) expect(validateMessage('fleet/GNV-01/event', enc({ ...base, ...e }), opts).ok).toBe(true);
    expect(validateMessage('fleet/GNV-01/event', enc({ ...base, type: 'trip_start', data: {} }), opts).ok).toBe(false);
  });
});

describe('control characters', () => {
  it('keeps NUL out of the reason (PostgreSQL text cannot hold it)', () => {
    const r = validateMessage('fleet/GNV-01/telemetry', Buffer.from('{"v":1,\u0000}'), opts);
    expect(r.ok).toBe(false);
    // eslint-disable-next-line no-control-regex -- the NUL must not reach the reason
    if (!r.ok) expect(r.reason).not.toMatch(/\u0000/);
  });

  it('refuses control characters in event identifiers', () => {
    const e = { v: 1, vehicleId: 'GNV-01', seq: 1, ts: '2018-06-11T07:30:02.000Z', type: 'stop_arrival', data: { stopId: 'S\u00001' } };
    const r = validateMessage('fleet/GNV-01/event', enc(e), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^data\.stopId: must not contain control characters/);
  });
});
