/**
 * The experience report's model: one plain, JSON-serialisable object that carries every figure
 * the report shows, built by the server from the analytics services and rendered by the pure
 * functions of this library (HTML, PDF, school page). Numbers stay numbers here (null where the
 * data does not give one — JSON has no NaN); wording and formatting belong to the renderers.
 *
 * Every block names the API query that produced it (`queryId` → `queries`), so each number can
 * be traced; every factor is cited by its id in libs/data (`sources`). Change anything in the
 * shape → bump REPORT_MODEL_VERSION.
 */
import { z } from 'zod';

export const REPORT_MODEL_VERSION = 'report-model-1';

export const CRITERIA = ['fuel_range', 'efficiency', 'driver_comfort', 'passenger_comfort'] as const;
export type Criterion = (typeof CRITERIA)[number];

/** Units of the model's figures; the renderers hold their symbols and decimals. */
export const UNITS = [
  'km',
  'kg',
  'l',
  'kg_per_100km',
  'l_per_100km',
  'mj_per_km',
  'kg_co2_per_km',
  'kg_co2e_per_km',
  'kg_co2e',
  'eur_per_km',
  'share',
  'm_per_s2',
  'm_per_s1_75',
  'db_a',
  'per_100km',
  'days',
  'ppm',
  'celsius',
  'score',
  'count',
  'seconds',
] as const;
export type Unit = (typeof UNITS)[number];

/**
 * The comparison metrics of GET /api/v1/comparison (`ComparisonRow.metric`), with the criterion,
 * unit and direction each one has there. The model carries only the metric id and its numbers.
 */
export const METRICS = {
  full_tank_range_km: { criterion: 'fuel_range', unit: 'km', better: 'higher' },
  energy_mj_per_km: { criterion: 'efficiency', unit: 'mj_per_km', better: 'lower' },
  co2_ttw_kg_per_km: { criterion: 'efficiency', unit: 'kg_co2_per_km', better: 'lower' },
  co2_wtw_kg_per_km: { criterion: 'efficiency', unit: 'kg_co2e_per_km', better: 'lower' },
  co2_wtw_biognv_kg_per_km: { criterion: 'efficiency', unit: 'kg_co2e_per_km', better: 'lower' },
  cost_eur_per_km: { criterion: 'efficiency', unit: 'eur_per_km', better: 'lower' },
  idle_share: { criterion: 'efficiency', unit: 'share', better: 'lower' },
  seat_av_ms2: { criterion: 'driver_comfort', unit: 'm_per_s2', better: 'lower' },
  seat_vdv_z: { criterion: 'driver_comfort', unit: 'm_per_s1_75', better: 'lower' },
  cab_noise_leq_dba: { criterion: 'driver_comfort', unit: 'db_a', better: 'lower' },
  harsh_per_100km: { criterion: 'driver_comfort', unit: 'per_100km', better: 'lower' },
  floor_av_ms2: { criterion: 'passenger_comfort', unit: 'm_per_s2', better: 'lower' },
  cabin_noise_leq_dba: { criterion: 'passenger_comfort', unit: 'db_a', better: 'lower' },
  cabin_temp_ok_share: { criterion: 'passenger_comfort', unit: 'share', better: 'higher' },
  cabin_co2_ok_share: { criterion: 'passenger_comfort', unit: 'share', better: 'higher' },
  accel_events_per_100km: { criterion: 'passenger_comfort', unit: 'per_100km', better: 'lower' },
  csat_overall: { criterion: 'passenger_comfort', unit: 'share', better: 'higher' },
} as const satisfies Record<string, { criterion: Criterion; unit: Unit; better: 'lower' | 'higher' }>;
export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as [MetricId, ...MetricId[]];
/** Metrics counted in ratings rather than trips (their minimum n is minRatingsPerVehicle). */
export const RATING_METRICS: readonly MetricId[] = ['csat_overall'];

export const RATING_QUESTIONS = ['overall', 'smoothness', 'temperature', 'noise', 'seat'] as const;
export const DRIVER_QUESTIONS = [
  'seat',
  'drivingPosition',
  'cabNoise',
  'vibration',
  'gearbox',
  'acceleration',
  'braking',
  'cabTemperature',
  'visibility',
  'overall',
] as const;
export const COMFORT_CLASS_IDS = [
  'not_uncomfortable',
  'a_little_uncomfortable',
  'fairly_uncomfortable',
  'uncomfortable',
  'very_uncomfortable',
  'extremely_uncomfortable',
] as const;
export const REFUEL_STATUSES = ['confirmed', 'keyed_missing', 'keyed_mismatch', 'not_keyed', 'not_detected'] as const;
export const CONDITIONS = ['floor_av', 'cabin_noise_leq', 'cabin_temp_c', 'cabin_co2_ppm'] as const;
export const CO2_FUELS = ['diesel', 'cng', 'fossil_cng', 'bio_cng', 'french_mix_2018'] as const;
export const RECOMMENDATION_IDS = ['refuelling_rhythm', 'longer_trial', 'csat_sample_size'] as const;
/** Named figures a recommendation rests on (placeholders of its message). */
export const FIGURE_REFS = [
  'km_per_tank',
  'days_per_tank',
  'refuels',
  'full_tank_range',
  'service_days',
  'tanks_observed',
  'mean_ambient_temp',
  'csat_difference',
  'csat_low',
  'csat_high',
  'ratings_candidate',
  'ratings_reference',
  'required_ratings_per_vehicle',
] as const;
export type FigureRef = (typeof FIGURE_REFS)[number];
/** The figures each recommendation's wording needs. */
export const RECOMMENDATION_FIGURES: Record<(typeof RECOMMENDATION_IDS)[number], readonly FigureRef[]> = {
  refuelling_rhythm: ['km_per_tank', 'days_per_tank', 'refuels', 'full_tank_range'],
  longer_trial: ['service_days', 'tanks_observed', 'mean_ambient_temp'],
  csat_sample_size: ['csat_difference', 'csat_low', 'csat_high', 'ratings_candidate', 'ratings_reference', 'required_ratings_per_vehicle'],
};

const num = z.number(); // zod 4 refuses NaN and ±Infinity
const maybe = z.number().nullable();
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const maybeShare = share.nullable();
const date = z.iso.date();
const instant = z.iso.datetime();
const vehicleId = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/);
const queryId = z.string().regex(/^q-[a-z0-9-]+$/);
const proportion = z.strictObject({ p: share, low: share, high: share });

export const apiQuerySchema = z.strictObject({
  id: queryId,
  /** Path under the server, e.g. /api/v1/comparison. */
  path: z.string().regex(/^\/api\/v1\/[a-z0-9/{}-]+$/),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const vehicleSchema = z.strictObject({
  id: vehicleId,
  fuel: z.enum(['cng', 'diesel']),
  /** Key of libs/data VEHICLES whose spec describes it. */
  specRef: z.string(),
  /** Usable fuel of a full tank, kg (CNG, above the residual pressure at 15 °C) or L (diesel). */
  usableFullTank: num.positive(),
});

/** One row of GET /api/v1/comparison: candidate − reference, with its interval. */
export const comparisonSchema = z.strictObject({
  metric: z.enum(METRIC_IDS),
  candidate: z.strictObject({ mean: maybe, n: count }),
  reference: z.strictObject({ mean: maybe, n: count }),
  difference: maybe,
  relativeDifference: maybe,
  low: maybe,
  high: maybe,
  /** Must equal "the interval excludes zero"; the schema checks it. */
  significant: z.boolean(),
  queryId,
});

const criterionSchema = z.strictObject({
  /** The comparison the summary's verdict rests on (one of `comparisons`), or null. */
  keyMetric: z.enum(METRIC_IDS).nullable(),
  comparisons: z.array(comparisonSchema),
});

const vibrationSchema = z.strictObject({
  awx: maybe,
  awy: maybe,
  awz: maybe,
  av: maybe,
  vdvz: maybe,
  classShares: z.strictObject(
    Object.fromEntries(COMFORT_CLASS_IDS.map((c) => [c, maybeShare])) as Record<(typeof COMFORT_CLASS_IDS)[number], typeof maybeShare>,
  ),
});

/** GET /api/v1/kpis?groupBy=vehicle: the period's figures of one coach. */
export const vehicleTotalsSchema = z.strictObject({
  vehicleId,
  queryId,
  trips: count,
  inferredTrips: count,
  distanceKm: num.min(0),
  durationH: num.min(0),
  /** kg (CNG) or L (diesel). */
  fuelUsed: num.min(0),
  per100km: maybe,
  mjPerKm: maybe,
  costEurPerKm: maybe,
  idleShare: maybeShare,
  passengersBoarded: count,
  meanAmbientTempC: maybe,
  seat: vibrationSchema,
  cabNoiseLeqDbA: maybe,
  harshPer100km: maybe,
  floor: vibrationSchema,
  cabinNoiseLeqDbA: maybe,
  cabinTempOkShare: maybeShare,
  cabinCo2OkShare: maybeShare,
  accelEventsPer100km: maybe,
});

/** GET /api/v1/kpis?groupBy=day: one coach's service day (absent when nothing was received). */
export const dailySchema = z.strictObject({
  vehicleId,
  date,
  trips: count,
  distanceKm: num.min(0),
  fuelUsed: num.min(0),
  per100km: maybe,
  seatAv: maybe,
  floorAv: maybe,
  cabNoiseLeqDbA: maybe,
  cabinNoiseLeqDbA: maybe,
  meanAmbientTempC: maybe,
});

export const co2RowSchema = z.strictObject({
  /** Tank-to-wheel (at the exhaust) or well-to-wheel (with the fuel's production). */
  scope: z.enum(['ttw', 'wtw']),
  /** 'cng' is the gas at the exhaust (tank-to-wheel: fossil or bio burn alike). */
  fuel: z.enum(CO2_FUELS),
  /** kg CO2 (ttw) or kg CO2e (wtw) per km, at the measured consumption. */
  kgPerKm: maybe,
  /** Id of the factor in libs/data (listed in `sources`). */
  factorId: z.string(),
  /** Against the diesel reference of the same scope; null on the diesel rows. */
  vsDiesel: z
    .strictObject({
      difference: maybe,
      relative: maybe,
      /** Bootstrap interval when the comparison has one for this scenario, else null. */
      low: maybe,
      high: maybe,
      significant: z.boolean().nullable(),
      /** (diesel − this) per km × the candidate's km over the period: kg avoided (negative = more). */
      savedKg: maybe,
    })
    .nullable(),
});

export const co2BalanceSchema = z.strictObject({
  queryId,
  /** The candidate's service km over the period, which savedKg is computed over. */
  candidateKm: num.min(0),
  rows: z.array(co2RowSchema),
});

export const fuelRangeSchema = z.strictObject({
  perVehicle: z.array(
    z.strictObject({
      vehicleId,
      queryId,
      refuels: count,
      /** kg or L put in over the period. */
      refuelled: num.min(0),
      byStatus: z.strictObject(
        Object.fromEntries(REFUEL_STATUSES.map((s) => [s, count])) as Record<(typeof REFUEL_STATUSES)[number], typeof count>,
      ),
      /** Odometer km between consecutive refuels (one per tank). */
      kmPerTank: z.array(num.min(0)),
      meanKmPerTank: maybe,
      daysPerTank: maybe,
    }),
  ),
  refuels: z.array(
    z.strictObject({
      vehicleId,
      ts: instant,
      amount: num.min(0),
      status: z.enum(REFUEL_STATUSES),
      odometerKm: maybe,
    }),
  ),
  refuelsQueryId: queryId,
  /** The remaining-range model at the end of the period: a full tank at the last trips' consumption. */
  remainingRange: z.array(
    z.strictObject({
      vehicleId,
      queryId,
      trips: count,
      per100km: maybe,
      fullTankKm: maybe,
      lowKm: maybe,
      highKm: maybe,
      basis: z.enum(['spread', 'assumed_spread', 'none']),
    }),
  ),
});

export const efficiencySchema = z.strictObject({
  /** GET /api/v1/kpis?groupBy=ambient: trips grouped by outside temperature. */
  byAmbient: z.array(z.strictObject({ vehicleId, fromC: num, toC: num, trips: count, per100km: maybe, mjPerKm: maybe })),
  byAmbientQueryId: queryId,
});

const ratingQuestionSchema = z.strictObject({
  question: z.enum(RATING_QUESTIONS),
  n: count,
  /** Ratings that reached this coach without an answer to this question (skipped or left midway). */
  knownMissing: count,
  mean: maybe,
  /** Top-two-box share with its Wilson 95 % interval; null when n = 0. */
  csat: proportion.nullable(),
  /** Counts of 1..5. */
  distribution: z.tuple([count, count, count, count, count]),
});

export const passengersSchema = z.strictObject({
  queryId,
  perVehicle: z.array(
    z.strictObject({
      vehicleId,
      ratings: count,
      /** Answers sent as partial (the passenger walked away mid-flow). */
      partial: count,
      passengersCarried: count,
      responseRate: proportion.nullable(),
      questions: z.array(ratingQuestionSchema),
    }),
  ),
  conditions: z.strictObject({
    queryId,
    windowMinutes: num.positive(),
    links: z.array(
      z.strictObject({
        condition: z.enum(CONDITIONS),
        lowRatings: z.strictObject({ n: count, mean: maybe }),
        highRatings: z.strictObject({ n: count, mean: maybe }),
        difference: maybe,
        low: maybe,
        high: maybe,
        significant: z.boolean(),
      }),
    ),
    /** Mean overall rating by band of a measured condition (chart data). */
    bins: z.array(z.strictObject({ condition: z.enum(CONDITIONS), from: num, to: num, n: count, meanOverall: maybe })),
  }),
  comments: z.strictObject({
    queryId,
    /** Comments received in the period (the selection is a few of them). */
    total: count,
    selected: z.array(
      z.strictObject({
        vehicleId,
        answeredAt: instant,
        language: z.enum(['fr', 'en', 'oc', 'ca']),
        overall: z.number().int().min(1).max(5),
        text: z.string().max(500),
      }),
    ),
  }),
});

export const driversSchema = z.strictObject({
  queryId,
  perVehicle: z.array(
    z.strictObject({
      vehicleId,
      questionnaires: count,
      drivers: count,
      /** Aggregates only; mean and top-two-box are null below thresholds.minDriverAnswers (checked). */
      questions: z.array(
        z.strictObject({
          question: z.enum(DRIVER_QUESTIONS),
          n: count,
          mean: maybe,
          topTwoBox: proportion.nullable(),
        }),
      ),
    }),
  ),
});

export const qualityDaySchema = z.strictObject({
  vehicleId,
  date,
  /** Seconds with telemetry inside trips ÷ seconds of trips; null when nothing was received. */
  coverage: maybeShare,
  receivedSeconds: count,
  trips: count,
  gaps: count,
  gapSeconds: num.min(0),
  maxGapS: num.min(0),
  inferredTrips: count,
  tripsWithoutEnd: count,
  clockAnomalies: count,
  fuelCounterResets: count,
  fuelCounterGlitches: count,
  duplicates: count,
  deadLetters: count,
  sensorChecks: count,
  sensorFlags: count,
  fuelDisagreement: z.boolean(),
});

export const qualitySchema = z.strictObject({
  queryId,
  /** One row per vehicle and service day that has a rollup; a service day without a row had no telemetry. */
  days: z.array(qualityDaySchema),
  deadLettersByCode: z.array(z.strictObject({ code: z.string(), n: count })),
  sensorQueryId: queryId,
  feedback: z.array(
    z.strictObject({
      vehicleId,
      ratings: count,
      partial: count,
      /** Ratings whose trip, position and stop segment are all known. */
      contextComplete: count,
      questionnaires: count,
    }),
  ),
  feedbackQueryId: queryId,
});

/** Parameters of the methods, printed in the method section. */
export const methodSchema = z.strictObject({
  confidence: num.min(0.5).max(0.999),
  bootstrapIterations: count,
  bootstrapSeed: count,
  ratingWindowMin: num.positive(),
  cabinTempBandC: z.tuple([num, num]),
  cabinCo2MaxPpm: num.positive(),
  tankResidualBar: num.positive(),
  refuelMinRiseKg: num.positive(),
  rangeTrips: count,
  gapS: num.positive(),
  sensorTolerance: num.positive(),
  onTimeWindowS: z.tuple([num, num]),
});

export const thresholdsSchema = z.strictObject({
  /** Below this many usable trips of a coach, a trip comparison gives no verdict. */
  minTripsPerVehicle: z.number().int().min(2),
  minRatingsPerVehicle: z.number().int().min(1),
  /** Drivers' answers are shown only as aggregates of at least this many (never fewer than 5). */
  minDriverAnswers: z.number().int().min(5),
  /** A service day below this telemetry coverage is reported. */
  lowCoverage: share,
});

export const sourceSchema = z.strictObject({
  /** Path in libs/data, e.g. ENERGY_FACTORS.wtw.bioCng or VEHICLES.GNV-01.tank.waterVolumeL. */
  id: z.string(),
  value: z.union([num, z.string()]),
  unit: z.string().nullable(),
  status: z.enum(['sourced', 'computed', 'assumed']),
  source: z.string(),
});

export const recommendationSchema = z.strictObject({
  id: z.enum(RECOMMENDATION_IDS),
  /** The figures it rests on, each traced to its query. */
  figures: z.array(z.strictObject({ ref: z.enum(FIGURE_REFS), value: num, unit: z.enum(UNITS), queryId })),
});

/** What is missing, stated by the builder (more is derived from the data by findMissingData). */
export const missingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('no_telemetry'), vehicleId, date }),
  z.strictObject({ kind: z.literal('low_coverage'), vehicleId, date, coverage: share }),
  z.strictObject({ kind: z.literal('no_ratings'), vehicleId }),
  z.strictObject({ kind: z.literal('too_few_driver_answers'), vehicleId, n: count, required: count }),
  z.strictObject({
    kind: z.literal('not_enough_data'),
    criterion: z.enum(CRITERIA),
    metric: z.enum(METRIC_IDS),
    vehicleId,
    n: count,
    required: count,
  }),
  z.strictObject({ kind: z.literal('no_tank_interval'), vehicleId, refuels: count }),
  /** A whole source the builder could not read (e.g. the feedback tables are not deployed). */
  z.strictObject({ kind: z.literal('source_unavailable'), queryId }),
]);

const reportModelObject = z.strictObject({
  modelVersion: z.literal(REPORT_MODEL_VERSION),
  kind: z.enum(['interim', 'final']),
  /** Data included up to this instant (UTC). The renderers never read the clock. */
  asOf: instant,
  /** Hex digest of the data the model was built from (stored with each version; seeds the PDF id). */
  dataHash: z.string().regex(/^[0-9a-f]{16,128}$/),
  codeVersion: z.string().min(1),
  dataVersions: z.strictObject({ energyFactors: z.string(), vehicles: z.string(), line: z.string() }),
  period: z.strictObject({
    from: date,
    to: date,
    /** Days of the period with timetabled service (Europe/Paris dates). */
    serviceDates: z.array(date),
  }),
  line: z.strictObject({ id: z.string(), name: z.string(), lengthKm: num.positive(), stops: count }),
  vehicles: z.strictObject({ candidate: vehicleSchema, reference: vehicleSchema }),
  thresholds: thresholdsSchema,
  method: methodSchema,
  queries: z.array(apiQuerySchema).min(1),
  criteria: z.strictObject({
    fuel_range: criterionSchema,
    efficiency: criterionSchema,
    driver_comfort: criterionSchema,
    passenger_comfort: criterionSchema,
  }),
  totals: z.array(vehicleTotalsSchema),
  daily: z.array(dailySchema),
  dailyQueryId: queryId,
  co2: co2BalanceSchema,
  fuelRange: fuelRangeSchema,
  efficiency: efficiencySchema,
  passengers: passengersSchema,
  drivers: driversSchema,
  quality: qualitySchema,
  sources: z.array(sourceSchema),
  recommendations: z.array(recommendationSchema),
  missing: z.array(missingSchema),
});

/** Every queryId used anywhere in the model (walks the object). */
export function queryIdsUsed(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) queryIdsUsed(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (k === 'queryId' || k.endsWith('QueryId'))) out.add(v);
      else queryIdsUsed(v, out);
    }
  }
  return out;
}

const excludesZero = (low: number | null, high: number | null) => low !== null && high !== null && (low > 0 || high < 0);

/** The cross-field rules a type cannot say. */
export const reportModelSchema = reportModelObject.superRefine((m, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (m.period.to < m.period.from) issue(['period', 'to'], `to (${m.period.to}) is before from (${m.period.from})`);
  m.period.serviceDates.forEach((d, i) => {
    if (d < m.period.from || d > m.period.to) issue(['period', 'serviceDates', i], `${d} is outside the period`);
  });
  const ids = new Set([m.vehicles.candidate.id, m.vehicles.reference.id]);
  if (ids.size !== 2) issue(['vehicles'], 'candidate and reference must be two different vehicles');
  const known = new Set(m.queries.map((q) => q.id));
  if (known.size !== m.queries.length) issue(['queries'], 'query ids must be unique');
  for (const id of queryIdsUsed(m)) if (!known.has(id)) issue(['queries'], `query ${id} is used but not listed`);
  const walkVehicles = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => walkVehicles(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'vehicleId' && typeof v === 'string' && !ids.has(v))
          issue([...path, k], `vehicle ${v} is neither the candidate nor the reference`);
        else if (k !== 'vehicles') walkVehicles(v, [...path, k]);
      }
    }
  };
  walkVehicles(m, []);
  for (const c of CRITERIA) {
    const crit = m.criteria[c];
    crit.comparisons.forEach((row, i) => {
      if (METRICS[row.metric].criterion !== c)
        issue(['criteria', c, 'comparisons', i, 'metric'], `${row.metric} belongs to ${METRICS[row.metric].criterion}`);
      if (row.significant !== excludesZero(row.low, row.high)) {
        issue(['criteria', c, 'comparisons', i, 'significant'], 'significant must be true exactly when the interval excludes zero');
      }
    });
    if (crit.keyMetric && !crit.comparisons.some((r) => r.metric === crit.keyMetric)) {
      issue(['criteria', c, 'keyMetric'], `${crit.keyMetric} is not among the criterion's comparisons`);
    }
  }
  m.passengers.conditions.links.forEach((l, i) => {
    if (l.significant !== excludesZero(l.low, l.high))
      issue(['passengers', 'conditions', 'links', i, 'significant'], 'significant must be true exactly when the interval excludes zero');
  });
  m.drivers.perVehicle.forEach((v, i) =>
    v.questions.forEach((q, j) => {
      if (q.n < m.thresholds.minDriverAnswers && (q.mean !== null || q.topTwoBox !== null)) {
        issue(['drivers', 'perVehicle', i, 'questions', j], `fewer than ${m.thresholds.minDriverAnswers} answers: only n may be given`);
      }
    }),
  );
  const sourceIds = new Set(m.sources.map((s) => s.id));
  m.co2.rows.forEach((r, i) => {
    if (!sourceIds.has(r.factorId)) issue(['co2', 'rows', i, 'factorId'], `factor ${r.factorId} is not in sources`);
    if ((r.fuel === 'diesel') !== (r.vsDiesel === null))
      issue(['co2', 'rows', i, 'vsDiesel'], 'vsDiesel is null exactly on the diesel rows');
    if (r.scope === 'ttw' && !['diesel', 'cng'].includes(r.fuel)) issue(['co2', 'rows', i, 'fuel'], 'tank-to-wheel rows are diesel or cng');
    if (r.scope === 'wtw' && r.fuel === 'cng')
      issue(['co2', 'rows', i, 'fuel'], 'well-to-wheel rows name the gas: fossil_cng, bio_cng or french_mix_2018');
  });
  m.recommendations.forEach((r, i) => {
    const have = new Set(r.figures.map((f) => f.ref));
    for (const need of RECOMMENDATION_FIGURES[r.id])
      if (!have.has(need)) issue(['recommendations', i, 'figures'], `${r.id} needs the figure ${need}`);
  });
});

export type ReportModel = z.infer<typeof reportModelObject>;
export type ApiQuery = z.infer<typeof apiQuerySchema>;
export type ReportVehicle = z.infer<typeof vehicleSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type CriterionData = z.infer<typeof criterionSchema>;
export type VehicleTotals = z.infer<typeof vehicleTotalsSchema>;
export type DailyFigures = z.infer<typeof dailySchema>;
export type Co2Row = z.infer<typeof co2RowSchema>;
export type QualityDay = z.infer<typeof qualityDaySchema>;
export type SourceRef = z.infer<typeof sourceSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type MissingData = z.infer<typeof missingSchema>;
export type PassengerVoice = z.infer<typeof passengersSchema>;
export type DriverVoice = z.infer<typeof driversSchema>;

/** Validates a model (renderers call it first): a wrong model throws with every path at fault. */
export function parseReportModel(input: unknown): ReportModel {
  const r = reportModelSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(model)'}: ${i.message}`);
    throw new Error(`invalid report model (${r.error.issues.length} issue(s)):\n${lines.join('\n')}`);
  }
  return r.data;
}

/** ComparisonRow of the API (NaN where not computable) → the model's figure (null there). */
export function comparisonFromApi(
  row: {
    metric: string;
    candidate: { mean: number; n: number };
    reference: { mean: number; n: number };
    difference: number;
    relativeDifference: number;
    low: number;
    high: number;
  },
  queryIdOfRow: string,
): Comparison {
  if (!(row.metric in METRICS)) throw new Error(`unknown comparison metric ${row.metric}`);
  const f = (x: number) => (Number.isFinite(x) ? x : null);
  const low = f(row.low),
    high = f(row.high);
  return {
    metric: row.metric as MetricId,
    candidate: { mean: f(row.candidate.mean), n: row.candidate.n },
    reference: { mean: f(row.reference.mean), n: row.reference.n },
    difference: f(row.difference),
    relativeDifference: f(row.relativeDifference),
    low,
    high,
    significant: excludesZero(low, high),
    queryId: queryIdOfRow,
  };
}
