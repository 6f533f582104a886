/**
 * The compiled checks must never accept what zod refuses (compiled-schemas.ts). Each valid sample is
 * mutated at every field: out of its range on both sides, wrong types, missing, an extra key; the
 * compiled check and zod must give the same verdict on every variant.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compiledCheck } from './compiled-schemas';
import { sampleTelemetry } from './fixtures';
import { eventSchema, statusSchema, telemetrySchema } from './payloads';

const header = { v: 1, vehicleId: 'GNV-01', seq: 7, ts: '2018-06-11T08:00:00.000Z' };
const events = [
  { ...header, type: 'ignition_on', data: {} },
  { ...header, type: 'trip_start', data: { tripId: '101-0830-A', direction: 1, driverId: 'D-07' } },
  { ...header, type: 'stop_arrival', data: { stopId: 'LUNEL-GARE', boarded: 3, alighted: 0 } },
  { ...header, type: 'refuel', data: { stationId: 'GNV-MTP', addedKg: 120.5 } },
  { ...header, type: 'harsh_brake', data: { peakMs2: 4.1 } },
];
const statuses = [
  { online: true, ts: '2018-06-11T08:00:00Z', firmware: 'obu-2.4.1' },
  { online: false, ts: '2018-06-11T08:00:00.250Z' },
];

const ODD_VALUES: unknown[] = [
  null,
  'x',
  '',
  true,
  -1,
  -1e-9,
  0,
  0.5,
  1.5,
  7,
  90,
  91,
  100.0001,
  141,
  260.5,
  1e6,
  2 ** 53,
  [],
  {},
  '2018-06-11T08:00:00+02:00',
  '2018-02-30T08:00:00Z',
  'GNV-01\u0000',
  'a'.repeat(65),
];

/** Every variant of `value` with one leaf (or object) replaced, removed, or an extra key added. */
function* variants(value: unknown): Generator<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    yield* ODD_VALUES;
    return;
  }
  const obj = value as Record<string, unknown>;
  yield { ...obj, extra: 1 };
  for (const key of Object.keys(obj)) {
    const { [key]: _removed, ...rest } = obj;
    yield rest;
    for (const child of variants(obj[key])) yield { ...obj, [key]: child };
  }
}

function agreeOnAllVariants(schema: z.ZodType, samples: unknown[]): number {
  const check = compiledCheck(schema);
  let n = 0;
  for (const sample of samples) {
    expect(check(sample), JSON.stringify(sample)).toBe(true);
    for (const variant of variants(sample)) {
      const zodSays = schema.safeParse(variant).success;
      if (check(variant) !== zodSays) throw new Error(`compiled check says ${!zodSays}, zod says ${zodSays}: ${JSON.stringify(variant)}`);
      n++;
    }
  }
  return n;
}

describe('compiled payload checks agree with zod', () => {
  it('on telemetry (CNG and diesel, with and without position)', () => {
    const diesel = { ...sampleTelemetry(), vehicleId: 'DSL-01', fuel: { type: 'diesel', totalUsedL: 1234.5, levelPct: 60 } };
    const { pos: _pos, ...noFix } = sampleTelemetry();
    expect(agreeOnAllVariants(telemetrySchema, [sampleTelemetry(), diesel, noFix])).toBeGreaterThan(1500);
  });

  it('on events of every data shape', () => {
    expect(agreeOnAllVariants(eventSchema, events)).toBeGreaterThan(300);
  });

  it('on status messages', () => {
    expect(agreeOnAllVariants(statusSchema, statuses)).toBeGreaterThan(50);
  });
});
