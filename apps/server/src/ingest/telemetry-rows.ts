/**
 * Telemetry samples → the column arrays of one `INSERT … SELECT FROM unnest(…)` statement. One
 * parameter per column whatever the batch size: PostgreSQL parses and plans one statement, and the
 * rows travel as arrays (FACTS.md: ≈ 60,000 rows/s, against ≈ 35,000 by multi-row VALUES).
 */
import type { Telemetry } from '@app/contract';

/** Column name, PostgreSQL array type, and how to read it from a sample. */
const COLUMNS: ReadonlyArray<readonly [string, string, (t: Telemetry, receivedAt: string) => unknown]> = [
  ['vehicle_id', 'text', (t) => t.vehicleId],
  ['seq', 'int8', (t) => t.seq],
  ['ts', 'timestamptz', (t) => t.ts],
  ['lat', 'float8', (t) => t.pos?.lat ?? null],
  ['lon', 'float8', (t) => t.pos?.lon ?? null],
  ['heading_deg', 'float4', (t) => t.pos?.headingDeg ?? null],
  ['gnss_fix', 'bool', (t) => t.pos?.fix ?? null],
  ['speed_kmh', 'float4', (t) => t.speedKmh],
  ['odometer_km', 'float8', (t) => t.odometerKm],
  ['engine_rpm', 'float4', (t) => t.engineRpm],
  ['engine_load_pct', 'float4', (t) => t.engineLoadPct],
  ['accelerator_pct', 'float4', (t) => t.acceleratorPct],
  ['brake_pressed', 'bool', (t) => t.brakePressed],
  ['doors_open', 'bool', (t) => t.doorsOpen],
  ['passengers', 'int2', (t) => t.passengers],
  ['fuel_type', 'text', (t) => t.fuel.type],
  ['tank_pressure_bar', 'float4', (t) => (t.fuel.type === 'cng' ? t.fuel.tankPressureBar : null)],
  ['tank_temp_c', 'float4', (t) => (t.fuel.type === 'cng' ? t.fuel.tankTempC : null)],
  ['total_used_kg', 'float8', (t) => (t.fuel.type === 'cng' ? t.fuel.totalUsedKg : null)],
  ['total_used_l', 'float8', (t) => (t.fuel.type === 'diesel' ? t.fuel.totalUsedL : null)],
  ['fuel_level_pct', 'float4', (t) => t.fuel.levelPct],
  ['cabin_temp_c', 'float4', (t) => t.cabin.tempC],
  ['cabin_humidity_pct', 'float4', (t) => t.cabin.humidityPct],
  ['cabin_co2_ppm', 'float4', (t) => t.cabin.co2Ppm],
  ['cabin_noise_dba', 'float4', (t) => t.cabin.noiseDbA],
  ['driver_noise_dba', 'float4', (t) => t.driver.noiseDbA],
  ['cab_temp_c', 'float4', (t) => t.driver.cabTempC],
  ['ambient_temp_c', 'float4', (t) => t.ambientTempC],
  ['hvac_on', 'bool', (t) => t.hvacOn],
  ['seat_awx', 'float4', (t) => t.vibration.driverSeat.awx],
  ['seat_awy', 'float4', (t) => t.vibration.driverSeat.awy],
  ['seat_awz', 'float4', (t) => t.vibration.driverSeat.awz],
  ['floor_awx', 'float4', (t) => t.vibration.floor.awx],
  ['floor_awy', 'float4', (t) => t.vibration.floor.awy],
  ['floor_awz', 'float4', (t) => t.vibration.floor.awz],
  ['received_at', 'timestamptz', (_t, receivedAt) => receivedAt],
];

/**
 * Rows inserted in key order (vehicle_id, seq): the ingest's lock order (ingest.repository.ts). The
 * key holds ts, the partition key (database/telemetry-partitions.ts): a resent message carries the
 * same ts, so it lands on the same partition and conflicts there.
 */
export const INSERT_TELEMETRY_SQL = `
  INSERT INTO telemetry (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) ORDER BY 1, 2
  ON CONFLICT (vehicle_id, seq, ts) DO NOTHING
  RETURNING vehicle_id, seq`;

export interface ReceivedTelemetry {
  payload: Telemetry;
  receivedAt: string;
}

export function telemetryColumnArrays(samples: readonly ReceivedTelemetry[]): unknown[][] {
  const arrays = COLUMNS.map(() => new Array<unknown>(samples.length));
  for (let r = 0; r < samples.length; r++) {
    const { payload, receivedAt } = samples[r];
    for (let c = 0; c < COLUMNS.length; c++) arrays[c][r] = COLUMNS[c][2](payload, receivedAt);
  }
  return arrays;
}

/**
 * The same columns as PostgreSQL array literals (`{1.5,NULL,…}`), one string per column: what the
 * ingest sends. node-pg would build them itself from JS arrays, quoting and regex-escaping every
 * number; writing them directly costs a fraction of that and allocates one string per column
 * instead of an array per column plus a string per value (bench:insert compares both).
 */
export function telemetryArrayLiterals(samples: readonly ReceivedTelemetry[]): string[] {
  const literals = new Array<string>(COLUMNS.length);
  for (let c = 0; c < COLUMNS.length; c++) {
    const read = COLUMNS[c][2];
    let literal = '{';
    for (let r = 0; r < samples.length; r++) {
      if (r > 0) literal += ',';
      literal += arrayElement(read(samples[r].payload, samples[r].receivedAt));
    }
    literals[c] = literal + '}';
  }
  return literals;
}

/** One element of an array literal: numbers and booleans bare, strings double-quoted with `"` and `\` escaped. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return `"${String(value).replace(/["\\]/g, '\\$&')}"`;
}

export const TELEMETRY_COLUMN_COUNT = COLUMNS.length;
