/**
 * HTTP query schemas of the analytics API (/api/v1), shared by the server (validation) and the
 * dashboard and report (building requests). Dates are service days in Europe/Paris (YYYY-MM-DD);
 * instants are ISO-8601 UTC.
 */
import { z } from 'zod';
// Relative, not '@app/data': the pages import this file and must not bundle the whole data lib.
import { TRIAL_PERIOD } from '../../data/src/trial';
import { FEEDBACK_KINDS } from './completeness';
import { PERIOD_TOO_LONG } from './errors';
import { VEHICLE_ID_PATTERN } from './topics';

/** Longest period a KPI, comparison or list request may span (the trial is 15 days; 100 coaches × a year is the design ceiling). */
export const MAX_PERIOD_DAYS = 366;
/** Longest span of a raw time series request. */
export const MAX_SERIES_HOURS = 24;
export const MAX_SERIES_POINTS = 5000;

const date = z.iso.date();
const vehicleId = z.string().regex(VEHICLE_ID_PATTERN);
const vehicleFilter = vehicleId.optional().describe('Only this vehicle (e.g. GNV-01); unset: every vehicle');
/** Unset: JSON, or CSV when the Accept header prefers text/csv. */
const format = z
  .enum(['json', 'csv'])
  .optional()
  .describe('csv: a CSV download (same as Accept: text/csv); unset: JSON unless the Accept header prefers text/csv');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');

const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** from ≤ to and the span within MAX_PERIOD_DAYS; both default to the trial. */
const period = {
  from: date.default(TRIAL_PERIOD.from).describe('First service day (Europe/Paris), YYYY-MM-DD; default: the trial’s first day'),
  to: date
    .default(TRIAL_PERIOD.to)
    .describe(`Last service day (inclusive), YYYY-MM-DD; at most ${MAX_PERIOD_DAYS} days after from; default: the trial’s last day`),
};
const checkPeriod = <T extends { from: string; to: string }>(q: T, ctx: z.RefinementCtx) => {
  const days = daysBetween(q.from, q.to);
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${q.to}) is before from (${q.from})` });
  else if (days + 1 > MAX_PERIOD_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      params: { code: PERIOD_TOO_LONG },
      message: `period of ${days + 1} days exceeds the limit of ${MAX_PERIOD_DAYS} days`,
    });
  }
};

/** load and ambient: trips grouped by their mean passengers and mean outside temperature (efficiency "by load and ambient temperature"). */
export const GROUP_BY = ['trip', 'day', 'direction', 'vehicle', 'load', 'ambient'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
/**
 * 'operation': every second of the day, depot runs and refuelling included (day rollups) — the
 * figures that add up to what the vehicle used; 'service': trips only (trip rollups) — the
 * figures to compare coaches on the same timetable. trip, direction, load and ambient are always 'service'.
 */
export const SCOPES = ['operation', 'service'] as const;
export type Scope = (typeof SCOPES)[number];

export const kpiQuerySchema = z
  .strictObject({
    ...period,
    vehicleId: vehicleFilter,
    groupBy: z
      .enum(GROUP_BY)
      .default('vehicle')
      .describe('One row per vehicle and trip, service day, direction, load band, ambient-temperature band, or the whole period'),
    scope: z
      .enum(SCOPES)
      .default('operation')
      .describe(
        'operation: whole days, depot runs and refuelling included; service: trips only (trip, direction, load and ambient are always service)',
      ),
    format,
  })
  .superRefine(checkPeriod);
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export const tripListQuerySchema = z
  .strictObject({
    ...period,
    vehicleId: vehicleFilter,
    direction: z.enum(['0', '1']).transform(Number).optional().describe('Only trips of this GTFS direction_id'),
    inferred: boolish.optional().describe('true: only trips inferred from positions; false: only trips from trip events'),
    limit: int(1, 10_000).default(500).describe('Page size (JSON and CSV)'),
    offset: int(0, 10_000_000).default(0).describe('Trips to skip, in start order'),
    format,
  })
  .superRefine(checkPeriod);
export type TripListQuery = z.infer<typeof tripListQuerySchema>;

export const SERIES_FIELDS = [
  'speedKmh',
  'odometerKm',
  'engineRpm',
  'passengers',
  'tankPressureBar',
  'tankTempC',
  'tankMassKg',
  'fuelCounter',
  'cabinTempC',
  'cabinCo2Ppm',
  'cabinNoiseDbA',
  'driverNoiseDbA',
  'ambientTempC',
  'seatAwx',
  'seatAwy',
  'seatAwz',
  'floorAwx',
  'floorAwy',
  'floorAwz',
  'lat',
  'lon',
] as const;
export type SeriesField = (typeof SERIES_FIELDS)[number];

export const seriesQuerySchema = z.strictObject({
  fields: z
    .string()
    .default('speedKmh,tankMassKg,cabinNoiseDbA,seatAwz,floorAwz')
    .describe(`Comma-separated, of ${SERIES_FIELDS.join(', ')}`)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(SERIES_FIELDS)).min(1).max(SERIES_FIELDS.length)),
  maxPoints: int(10, MAX_SERIES_POINTS)
    .default(500)
    .describe('At most this many buckets: the span is cut into buckets of ⌈span / maxPoints⌉ s'),
  format,
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

export const vehicleSeriesQuerySchema = seriesQuerySchema
  .extend({
    fromTs: z.iso.datetime().describe('Start, ISO-8601 UTC'),
    toTs: z.iso.datetime().describe(`End (exclusive), ISO-8601 UTC; at most ${MAX_SERIES_HOURS} h after fromTs`),
  })
  .superRefine((q, ctx) => {
    const hours = (Date.parse(q.toTs) - Date.parse(q.fromTs)) / 3_600_000;
    if (hours <= 0) ctx.addIssue({ code: 'custom', path: ['toTs'], message: 'toTs must be after fromTs' });
    else if (hours > MAX_SERIES_HOURS)
      ctx.addIssue({
        code: 'custom',
        path: ['toTs'],
        params: { code: PERIOD_TOO_LONG },
        message: `series of ${hours.toFixed(1)} h exceeds the limit of ${MAX_SERIES_HOURS} h; use /kpis for longer periods`,
      });
  });
export type VehicleSeriesQuery = z.infer<typeof vehicleSeriesQuerySchema>;

export const comparisonQuerySchema = z
  .strictObject({
    ...period,
    candidate: vehicleId
      .optional()
      .describe('Only this vehicle as the candidate side; unset: the trial configuration’s candidates, one group per powertrain'),
    reference: vehicleId
      .optional()
      .describe('Only this vehicle as the reference side; unset: the trial configuration’s references, pooled'),
    iterations: int(200, 20_000)
      .default(2000)
      .describe('Bootstrap resamples (below 2,000 trips a side; above, the normal interval is used and the row’s method says so)'),
    seed: int(0, 2 ** 31 - 1)
      .default(2018)
      .describe('Seed of the bootstrap: the same query gives the same intervals'),
    confidence: z.coerce.number().min(0.5).max(0.999).default(0.95).describe('Confidence level of the intervals'),
    format,
  })
  .superRefine(checkPeriod);
export type ComparisonQuery = z.infer<typeof comparisonQuerySchema>;

export const periodListQuerySchema = z.strictObject({ ...period, vehicleId: vehicleFilter, format }).superRefine(checkPeriod);
export type PeriodListQuery = z.infer<typeof periodListQuerySchema>;

export const deviceQuerySchema = z
  .strictObject({
    ...period,
    vehicleId: vehicleFilter,
    kind: z.enum(FEEDBACK_KINDS).default('rating').describe('rating: the tablets; questionnaire: the drivers’ page installations'),
    format,
  })
  .superRefine(checkPeriod);
export type DeviceQuery = z.infer<typeof deviceQuerySchema>;

export const recomputeBodySchema = z.strictObject({
  vehicleId: vehicleId.optional(),
  from: date.optional().describe('With force: first service day to rebuild (default: the trial’s first day)'),
  to: date.optional().describe('With force: last service day to rebuild (default: the trial’s last day)'),
  force: z.boolean().default(false).describe('Recompute every day of the period, even days whose inputs did not change'),
});
export type RecomputeBody = z.infer<typeof recomputeBodySchema>;

/** Query of the live stream (GET /api/v1/live). */
export const liveQuerySchema = z.strictObject({ vehicleId: vehicleFilter });
export type LiveQuery = z.infer<typeof liveQuerySchema>;
