/**
 * The time series of a coach, aggregated once per 15 s by the rollup (telemetry_bucket) so that a
 * chart never re-reads a day of raw rows (a 16 h day chart read ~57,600 rows per request: 190–
 * 650 ms on PGlite; issue 10 asks ≤ 100 ms). Each field keeps what merges exactly into any larger
 * bucket: sums and counts for means, Σ10^(L/10) for decibels (an energy mean), Σaw² for
 * vibration (an RMS), maxima for the counters. One spec here drives the three SQL texts: filling
 * the buckets from raw rows, reading them at a chart's resolution, and reading raw rows directly
 * (the still-open tail of a live day, and buckets finer than 15 s).
 */
import type { SeriesField } from '@app/contract';

export const BUCKET_S = 15;

type Kind = 'mean' | 'energy' | 'rms' | 'max';
type StoredField = Exclude<SeriesField, 'tankMassKg'>;

/** Each series field: its raw column expression and how it aggregates. */
const SPEC: Record<StoredField, { column: string; kind: Kind }> = {
  speedKmh: { column: 'speed_kmh', kind: 'mean' },
  odometerKm: { column: 'odometer_km', kind: 'max' },
  engineRpm: { column: 'engine_rpm', kind: 'mean' },
  passengers: { column: 'passengers', kind: 'mean' },
  tankPressureBar: { column: 'tank_pressure_bar', kind: 'mean' },
  tankTempC: { column: 'tank_temp_c', kind: 'mean' },
  fuelCounter: { column: 'coalesce(total_used_kg, total_used_l)', kind: 'max' },
  cabinTempC: { column: 'cabin_temp_c', kind: 'mean' },
  cabinCo2Ppm: { column: 'cabin_co2_ppm', kind: 'mean' },
  ambientTempC: { column: 'ambient_temp_c', kind: 'mean' },
  cabinNoiseDbA: { column: 'cabin_noise_dba', kind: 'energy' },
  driverNoiseDbA: { column: 'driver_noise_dba', kind: 'energy' },
  seatAwx: { column: 'seat_awx', kind: 'rms' },
  seatAwy: { column: 'seat_awy', kind: 'rms' },
  seatAwz: { column: 'seat_awz', kind: 'rms' },
  floorAwx: { column: 'floor_awx', kind: 'rms' },
  floorAwy: { column: 'floor_awy', kind: 'rms' },
  floorAwz: { column: 'floor_awz', kind: 'rms' },
  lat: { column: 'lat', kind: 'mean' },
  lon: { column: 'lon', kind: 'mean' },
};
export const STORED_FIELDS = Object.keys(SPEC) as StoredField[];

/** Column name of a field in telemetry_bucket (snake case of the field). */
const col = (f: StoredField) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The bucket table's value columns, in order (the migration creates exactly these). */
export function bucketColumns(): string[] {
  return STORED_FIELDS.flatMap((f) => (SPEC[f].kind === 'max' ? [`${col(f)}_max`] : [`${col(f)}_sum`, `${col(f)}_n`]));
}

/** SELECT list over raw telemetry rows giving one bucket's stored values. */
export function fillExpressions(): string[] {
  return STORED_FIELDS.flatMap((f) => {
    const { column, kind } = SPEC[f];
    if (kind === 'max') return [`max(${column})`];
    const term = kind === 'energy' ? `power(10, ${column} / 10.0)` : kind === 'rms' ? `${column} * ${column}` : column;
    return [`sum(${term})`, `count(${column})::int`];
  });
}

/** SELECT list of the chart's fields from buckets merged to a coarser resolution. */
export function fromBucketsExpressions(fields: readonly StoredField[]): string[] {
  return fields.map((f) => {
    const c = col(f);
    const mean = `sum(${c}_sum) / nullif(sum(${c}_n), 0)`;
    switch (SPEC[f].kind) {
      case 'max':
        return `max(${c}_max) AS "${f}"`;
      case 'energy':
        return `10 * log(${mean}) AS "${f}"`;
      case 'rms':
        return `sqrt(${mean}) AS "${f}"`;
      default:
        return `${mean} AS "${f}"`;
    }
  });
}

/** SELECT list of the chart's fields straight from raw rows. */
export function fromRawExpressions(fields: readonly StoredField[]): string[] {
  return fields.map((f) => {
    const { column, kind } = SPEC[f];
    switch (kind) {
      case 'max':
        return `max(${column}) AS "${f}"`;
      case 'energy':
        return `10 * log(avg(power(10, ${column} / 10.0))) AS "${f}"`;
      case 'rms':
        return `sqrt(avg(${column} * ${column})) AS "${f}"`;
      default:
        return `avg(${column}) AS "${f}"`;
    }
  });
}

/** The fields to read for a request (tankMassKg is computed from the mean pressure and temperature). */
export function storedFieldsFor(fields: readonly SeriesField[]): StoredField[] {
  const wanted = new Set<StoredField>();
  for (const f of fields) {
    if (f === 'tankMassKg') {
      wanted.add('tankPressureBar');
      wanted.add('tankTempC');
    } else wanted.add(f);
  }
  return [...wanted];
}
