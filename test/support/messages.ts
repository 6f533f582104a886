/** Contract messages for tests: the docs/contract.md example with a given seq and a 1 Hz clock. */
import { sampleTelemetry, type Telemetry } from '@app/contract';

const T0 = Date.parse('2018-06-11T07:00:00.000Z');

export function telemetry(vehicleId: string, seq: number, overrides: Partial<Telemetry> = {}): Telemetry {
  const fuel: Telemetry['fuel'] = vehicleId.startsWith('DSL')
    ? { type: 'diesel', totalUsedL: 50_000 + seq * 0.003, levelPct: 70 }
    : { type: 'cng', tankPressureBar: 171.4, tankTempC: 27.9, totalUsedKg: 48_211.37 + seq * 0.003, levelPct: 82 };
  return sampleTelemetry({
    vehicleId,
    seq,
    ts: new Date(T0 + seq * 1000).toISOString(),
    odometerKm: 152_337.412 + seq * 0.015,
    fuel,
    ...overrides,
  });
}

export const encode = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
