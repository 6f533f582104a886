/**
 * Response schemas of the analytics API (/api/v1): vehicles, trips, time series, KPIs, the
 * comparison, fuel range and refuels, and the rollup trigger. The server's services return these
 * types, its OpenAPI document is generated from these schemas, and the dashboard and the report
 * import the types (never server code). Conventions: response-fields.ts.
 */
import { z } from 'zod';
import { GROUP_BY, SCOPES, SERIES_FIELDS, type SeriesField } from './analytics';
import { count, figure, fuelType, fuelUnit, instant, serviceDate } from './response-fields';

const vehicleId = z.string();
const direction = z.number().int().min(0).max(1).nullable().describe('GTFS direction_id of line 101; null when unknown');

const vibrationFigures = {
  awx: figure('Frequency-weighted r.m.s. acceleration, x axis, m/s² (ISO 2631-1, energy-averaged)'),
  awy: figure('Same, y axis, m/s²'),
  awz: figure('Same, z axis, m/s²'),
  av: figure('Vibration total value √(awx² + awy² + awz²), m/s² (k = 1)'),
  vdvx: figure('Vibration dose value, x axis, m/s^1.75'),
  vdvy: figure('Vibration dose value, y axis, m/s^1.75'),
  vdvz: figure('Vibration dose value, z axis, m/s^1.75'),
  seconds: z.number().describe('Seconds of vibration data'),
  classShares: z
    .record(z.string(), z.number().nullable())
    .describe('Share of seconds in each ISO 2631-1 comfort class of av (not_uncomfortable … extremely_uncomfortable)'),
};

/** The four criteria of one group (libs/domain kpisFromSums): fuel range, efficiency, driver and passenger comfort. */
export const kpisSchema = z
  .strictObject({
    trips: count(),
    inferredTrips: count('Trips inferred from positions (no trip events)'),
    durationH: z.number(),
    distanceKm: z.number(),
    coverage: figure('Seconds with a sample / seconds of the period'),
    fuel: z.strictObject({
      unit: fuelUnit(),
      used: z.number().describe('Fuel used, in unit'),
      per100km: figure('Fuel used per 100 km, in unit'),
      mjPerKm: figure('Energy per km, MJ (lower heating value)'),
      kwhPerKm: figure('Energy per km, kWh'),
      co2TtwKgPerKm: figure('Tank-to-wheel CO2 per km, kg'),
      co2WtwKgPerKm: z
        .record(z.string(), z.number().nullable())
        .describe('Well-to-wheel CO2e per km, kg, per scenario (fossilCng, bioCng, frenchMix2018; diesel, dieselRegulation)'),
      costEurPerKm: figure('Fuel cost per km, EUR (ANALYTICS_PRICE_*)'),
      tankUsed: z.number().describe('Fuel used according to the tank content (cross-check of the counter)'),
      disagreements: count('Days on which counter and tank disagreed'),
    }),
    idleShare: figure('Idle seconds / engine-on seconds'),
    meanLoad: figure('Mean passengers on board'),
    passengersBoarded: count(),
    meanAmbientTempC: figure('Mean outside temperature, °C'),
    punctuality: z.strictObject({
      stopsScheduled: count(),
      stopsServed: count(),
      meanDelayS: figure('Mean departure delay at served stops, s'),
      onTimeShare: figure('Share of departures from −1 to +5 min'),
    }),
    driverComfort: z.strictObject({
      ...vibrationFigures,
      cabNoiseLeqDbA: figure('Cab noise Leq, dB(A)'),
      harshPer100km: figure('Harsh braking, acceleration and cornering events per 100 km'),
      harshEvents: count(),
    }),
    passengerComfort: z.strictObject({
      ...vibrationFigures,
      cabinNoiseLeqDbA: figure('Cabin noise Leq, dB(A)'),
      cabinTempOkShare: figure('Share of seconds with the cabin at 20–24 °C'),
      cabinCo2OkShare: figure('Share of seconds with cabin CO2 ≤ 800 ppm'),
      accelEventsPer100km: figure('Strong longitudinal accelerations (> 1.5 m/s²) per 100 km'),
      jerkEventsPer100km: figure('Strong jerks (> 2 m/s³) per 100 km'),
    }),
    refuels: count(),
    refuelAmount: z.number().describe('Fuel added, in unit'),
  })
  .meta({ id: 'Kpis', description: 'The figures of a group, finalised once from its merged rollup sums' });
export type KpisResponse = z.infer<typeof kpisSchema>;

// ---- trips ---------------------------------------------------------------------------------

export const tripSummarySchema = z
  .strictObject({
    vehicleId,
    tripKey: z.string().describe('Identity of the trip in /trips/{vehicleId}/{tripKey} (URL-encode it)'),
    serviceDate: serviceDate(),
    startTs: instant(),
    endTs: instant(),
    reportedTripId: z.string().nullable().describe('Trip id the driver keyed (trip_start event)'),
    gtfsTripId: z.string().nullable().describe('Matched GTFS trip of line 101'),
    gtfsMatch: z
      .enum(['trip_id', 'time', 'none'])
      .describe('How the GTFS trip was matched: by the keyed id, by the nearest departure, or not'),
    direction,
    driverId: z.string().nullable(),
    inferred: z.boolean().describe('Inferred from positions between termini (no trip events): flagged'),
    endInferred: z.boolean().describe('No trip_end: closed at the next trip_start'),
    scheduledDepartureTs: z.string().nullable().describe('GTFS departure from the first stop, ISO-8601 UTC'),
    distanceKm: z.number(),
    durationMin: z.number(),
    fuelUsed: z.number().describe('In the fuel’s unit (kg, L)'),
    kpis: kpisSchema,
  })
  .meta({ id: 'TripSummary' });
export type TripSummary = z.infer<typeof tripSummarySchema>;

export const tripDetailSchema = tripSummarySchema
  .extend({ delaysS: z.array(z.number()).describe('Departure delay at each served stop, in stop order, s (positive: late)') })
  .meta({ id: 'TripDetail' });
export type TripDetail = z.infer<typeof tripDetailSchema>;

// ---- time series ---------------------------------------------------------------------------

const seriesValues = Object.fromEntries(SERIES_FIELDS.map((f) => [f, z.number().nullable().optional()])) as Record<
  SeriesField,
  z.ZodOptional<z.ZodNullable<z.ZodNumber>>
>;

export const seriesPointSchema = z
  .strictObject({ ts: instant('Start of the bucket, ISO-8601 UTC'), samples: count('Samples in the bucket'), ...seriesValues })
  .meta({
    id: 'SeriesPoint',
    description: 'One bucket: the requested fields only, null where the bucket has no value (dB and aw energy-averaged)',
  });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const seriesSchema = z
  .strictObject({
    vehicleId,
    from: instant(),
    to: instant('End (exclusive), ISO-8601 UTC'),
    bucketSeconds: z.number().int().min(1),
    fields: z.array(z.enum(SERIES_FIELDS)),
    points: z.array(seriesPointSchema),
  })
  .meta({ id: 'Series' });
export type Series = z.infer<typeof seriesSchema>;

// ---- KPIs ----------------------------------------------------------------------------------

/** Identity of a KPI group, one shape per groupBy. */
export const kpiGroupKeySchema = z
  .union([
    z
      .strictObject({
        tripKey: z.string(),
        serviceDate: serviceDate(),
        gtfsTripId: z.string().nullable(),
        direction,
        inferred: z.boolean(),
        startTs: instant(),
      })
      .describe('groupBy=trip'),
    z.strictObject({ serviceDate: serviceDate() }).describe('groupBy=day'),
    z.strictObject({ direction }).describe('groupBy=direction'),
    z
      .strictObject({
        load: z.string().describe('Band of the trip’s mean passengers, e.g. "20–30 passengers", "≥ 45 passengers", "no data"'),
      })
      .describe('groupBy=load'),
    z
      .strictObject({ ambient: z.string().describe('Band of the trip’s mean outside temperature, e.g. "25–30 °C"') })
      .describe('groupBy=ambient'),
    z.strictObject({}).describe('groupBy=vehicle'),
  ])
  .meta({ id: 'KpiGroupKey', description: 'Identity of the group, as the grouping asks' });
export type KpiGroupKey = z.infer<typeof kpiGroupKeySchema>;

export const kpiGroupSchema = z
  .strictObject({
    vehicleId,
    fuelType: fuelType(),
    scope: z.enum(SCOPES).describe('operation: whole days (day rollups); service: trips only'),
    key: kpiGroupKeySchema,
    kpis: kpisSchema,
  })
  .meta({ id: 'KpiGroup', description: `One row per vehicle and group (groupBy ${GROUP_BY.join(', ')})` });
export type KpiGroup = z.infer<typeof kpiGroupSchema>;

// ---- comparison ----------------------------------------------------------------------------

export const COMPARISON_CRITERIA = ['fuel_range', 'efficiency', 'driver_comfort', 'passenger_comfort'] as const;

export const comparisonSideSchema = z.strictObject({
  vehicleId: vehicleId.optional().describe('The vehicle, when the side is one vehicle (groups names every side)'),
  mean: figure('Mean of the per-trip values (CSAT: the share of ratings 4–5)'),
  n: count('Trips (CSAT: ratings) the mean is over'),
  knownMissing: count('Satisfaction rows only: answers known to be missing (gaps in the tablets’ sequences), not in n').optional(),
});
export type ComparisonSide = z.infer<typeof comparisonSideSchema>;

/** A side of a comparison: one vehicle, or several whose trips (ratings) are pooled. */
export const comparisonGroupSchema = z
  .strictObject({
    id: z.string().describe('The vehicle id when the group is one vehicle; else `candidates:<powertrain>` or `references`'),
    label: z.string().describe('How the verdict names it: the vehicle id, or e.g. "CNG candidates (3 vehicles)"'),
    powertrain: z.string().nullable().describe('What the group’s vehicles run on (cng, diesel); null when they differ'),
    vehicleIds: z.array(vehicleId).min(1),
  })
  .meta({ id: 'ComparisonGroup' });
export type ComparisonGroup = z.infer<typeof comparisonGroupSchema>;

/** One row of a comparison: candidate − reference with its interval. */
export const comparisonRowSchema = z
  .strictObject({
    criterion: z.enum(COMPARISON_CRITERIA),
    metric: z.string().describe('e.g. full_tank_range_km, energy_mj_per_km, cab_noise_leq_dba, csat_overall'),
    unit: z.string(),
    better: z.enum(['lower', 'higher']).describe('lower when a smaller value is better (noise, consumption)'),
    candidate: comparisonSideSchema,
    reference: comparisonSideSchema,
    groups: z
      .strictObject({ candidate: comparisonGroupSchema, reference: comparisonGroupSchema })
      .describe('Who each side is: one row per metric and candidate group, every group against the pooled references'),
    difference: figure('candidate − reference'),
    relativeDifference: figure('difference / reference mean'),
    low: figure('Lower end of the interval of the difference'),
    high: figure('Upper end of the interval of the difference'),
    significant: z.boolean().describe('The interval excludes zero: only then does the verdict state a difference'),
    verdict: z
      .string()
      .describe('What the data supports saying, e.g. "GNV-01 is quieter in the cab (-3.90 dB(A), 95 % CI -4.40 to -3.40 dB(A))"'),
    method: z.string(),
  })
  .meta({ id: 'ComparisonRow' });
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

// ---- vehicles, fuel range, refuels ---------------------------------------------------------

export const rangeEstimateSchema = z
  .strictObject({
    km: z.number().describe('At the mean recent consumption'),
    lowKm: z.number().describe('At the 90th percentile of recent trips’ consumption'),
    highKm: z.number().describe('At the 10th percentile'),
    per100km: figure('The consumption of the central figure, per 100 km'),
    basis: z
      .enum(['spread', 'assumed_spread', 'none'])
      .describe('spread: from ≥ 3 recent trips; assumed_spread: ±10 % assumed; none: no recent trip'),
  })
  .meta({ id: 'RangeEstimate', description: 'Remaining range and the range a driver can count on' });

export const vehicleStateSchema = z
  .strictObject({
    id: vehicleId,
    label: z.string(),
    fuelType: fuelType(),
    isReference: z.boolean().describe('A reference of the trial configuration'),
    trialRole: z.enum(['candidate', 'reference']).nullable().describe('Its role in the trial configuration; null: not in the trial'),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    latest: z
      .strictObject({
        ts: instant(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
        speedKmh: z.number(),
        odometerKm: z.number(),
        tankPressureBar: z.number().nullable(),
        tankTempC: z.number().nullable(),
        levelPct: z.number(),
        fuelLeft: z.number().describe('kg of gas (CNG, from p and T with the real-gas Z) or L (diesel, from the gauge)'),
        usableLeft: z.number().describe('Fuel left above the residual pressure (CNG); all of it (diesel)'),
        range: rangeEstimateSchema,
      })
      .nullable()
      .describe('The latest sample and what it says about the tank; null before the first sample'),
  })
  .meta({ id: 'VehicleState' });
export type VehicleState = z.infer<typeof vehicleStateSchema>;

export const REFUEL_STATUSES = ['confirmed', 'keyed_missing', 'keyed_mismatch', 'not_keyed', 'not_detected'] as const;
const refuelStatus = z
  .enum(REFUEL_STATUSES)
  .describe(
    'confirmed: detected and keyed alike; keyed_missing: no amount keyed (measured taken); keyed_mismatch: keyed differs (measured kept); not_keyed: no pump entry; not_detected: a pump entry without a rise in the tank (not counted)',
  );

export const refuelSchema = z
  .strictObject({
    vehicleId,
    ts: instant(),
    serviceDate: serviceDate(),
    status: refuelStatus,
    unit: fuelUnit(),
    amount: z.number().describe('Best amount: measured when detected, else keyed'),
    detectedAmount: z.number().nullable(),
    keyedAmount: z.number().nullable(),
    massBeforeKg: z.number().nullable().describe('CNG: gas mass before the fill'),
    massAfterKg: z.number().nullable(),
    litresBefore: z.number().nullable().describe('Diesel: gauge volume before the fill'),
    litresAfter: z.number().nullable(),
    stationId: z.string().nullable(),
    odometerKm: z.number().nullable(),
  })
  .meta({ id: 'Refuel' });
export type Refuel = z.infer<typeof refuelSchema>;

export const fuelRangeSchema = z
  .strictObject({
    vehicleId,
    fuelType: fuelType(),
    unit: fuelUnit(),
    usableFullTank: z.number().describe('Usable fuel of a full tank (CNG: above the residual pressure at 15 °C)'),
    refuels: count('Refuels counted (not_detected excluded)'),
    refuelled: z.number().describe('Fuel added by them, in unit'),
    refuelsByStatus: z.record(refuelStatus, count()),
    kmPerTank: z.strictObject({
      values: z.array(z.number()).describe('Odometer distance between consecutive refuels, km'),
      mean: z.number().nullable(),
    }),
    daysPerTank: figure('Days of service a full tank gives at the mean daily consumption'),
  })
  .meta({ id: 'FuelRange' });
export type FuelRange = z.infer<typeof fuelRangeSchema>;

// ---- rollup trigger ------------------------------------------------------------------------

export const rollupRunSchema = z
  .strictObject({
    days: z
      .array(
        z.strictObject({
          vehicleId,
          date: serviceDate(),
          ms: z.number().describe('Wall-clock time of the whole vehicle-day, ms'),
          readMs: z.number().describe('Of which reading its raw rows, ms'),
          computeMs: z.number().describe('Of which computing it (trips, day, refuels, sensor checks), ms'),
          windows: count('Raw vibration windows checked'),
          trips: count(),
          samples: count(),
        }),
      )
      .describe('The vehicle-days recomputed, in order'),
  })
  .meta({ id: 'RollupRun' });
export type RollupRun = z.infer<typeof rollupRunSchema>;
