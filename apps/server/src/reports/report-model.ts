/**
 * The report model from the analytics answers (report-inputs.ts): pure, no I/O, no clock. Every
 * figure is copied from an answer — never recomputed — so that it equals what the API gives for
 * the same query (NaN there is null here, as on the wire). The few things the API does not give
 * are derived here from API answers and say so: the bins of ratings by condition, the selection
 * of comments, the CO2 avoided over the candidate's km, the recommendations' sample size.
 */
import { CABIN_BANDS, parisMidnightUtc, remainingRange, sampleSizeTwoProportions } from '@app/domain';
import {
  ENERGY_FACTORS,
  FLEET,
  LINE101_VERSION,
  PATTERNS,
  VEHICLES,
  VEHICLE_DATA_VERSION,
  cngTankOf,
  serviceDates,
  stopDistancesM,
} from '@app/data';
import { MIN_AGGREGATE_ANSWERS, type KpiGroup, type KpisResponse } from '@app/contract';
import {
  COMFORT_CLASS_IDS,
  CONDITIONS,
  CRITERIA,
  REPORT_MODEL_VERSION,
  comparisonFromApi,
  redactPersonalData,
  sourcesFor,
  standardSourceIds,
  type ApiQuery,
  type Co2Row,
  type Comparison,
  type Criterion,
  type MetricId,
  type MissingData,
  type Recommendation,
  type ReportModel,
  type VehicleTotals,
} from '@app/report';
import { REPORT_QUERY, type CommentInput, type ConditionRatingInput, type ReportInputs } from './report-inputs';

/** Minimum numbers for a verdict (printed in the method section). */
export const REPORT_THRESHOLDS = {
  /** A per-trip mean over fewer trips than this is too noisy for two weeks of one timetable. */
  minTripsPerVehicle: 10,
  /** CSAT of fewer ratings has a Wilson interval wider than ±15 points. */
  minRatingsPerVehicle: 30,
  /** Privacy: drivers' answers only as aggregates of at least 5 (issue 10). */
  minDriverAnswers: MIN_AGGREGATE_ANSWERS,
  /** A service day below this telemetry coverage is named in the report. */
  lowCoverage: 0.9,
} as const;

/** The comparison the summary's verdict of each criterion rests on. */
export const KEY_METRICS: Record<Criterion, MetricId> = {
  fuel_range: 'full_tank_range_km',
  efficiency: 'energy_mj_per_km',
  driver_comfort: 'seat_av_ms2',
  passenger_comfort: 'csat_overall',
};

/** Comments shown per coach, and the shortest worth quoting. */
const COMMENTS_PER_VEHICLE = 4;
const MIN_COMMENT_CHARS = 12;
/** Ratings by condition: equal-count bins, and at least this many ratings per bin. */
const CONDITION_BINS = 4;
const MIN_PER_BIN = 5;

const LINE = { id: '101', name: 'Castelnau-le-Lez – Lunel' } as const;

/** Ids of the queries of annex B. */
export const Q = {
  comparison: 'q-comparison',
  kpisVehicle: 'q-kpis-vehicle',
  kpisDay: 'q-kpis-day',
  kpisAmbient: 'q-kpis-ambient',
  fuelRange: 'q-fuel-range',
  refuels: 'q-refuels',
  vehicles: 'q-vehicles',
  quality: 'q-data-quality',
  sensor: 'q-sensor-checks',
  deadLetters: 'q-dead-letters',
  ratingsSummary: 'q-ratings-summary',
  ratingsConditions: 'q-ratings-conditions',
  ratingsDrivers: 'q-ratings-drivers',
  ratingsList: 'q-ratings-list',
} as const;

export function reportQueries(inputs: Pick<ReportInputs, 'period' | 'candidate' | 'reference'>): ApiQuery[] {
  const period = { from: inputs.period.from, to: inputs.period.to };
  const { iterations, seed, confidence } = REPORT_QUERY;
  return [
    {
      id: Q.comparison,
      path: '/api/v1/comparison',
      params: { ...period, candidate: inputs.candidate, reference: inputs.reference, iterations, seed, confidence },
    },
    { id: Q.kpisVehicle, path: '/api/v1/kpis', params: { ...period, groupBy: 'vehicle', scope: 'service' } },
    { id: Q.kpisDay, path: '/api/v1/kpis', params: { ...period, groupBy: 'day', scope: 'operation' } },
    { id: Q.kpisAmbient, path: '/api/v1/kpis', params: { ...period, groupBy: 'ambient', scope: 'service' } },
    { id: Q.fuelRange, path: '/api/v1/fuel-range', params: period },
    { id: Q.refuels, path: '/api/v1/refuels', params: period },
    { id: Q.vehicles, path: '/api/v1/vehicles', params: {} },
    { id: Q.quality, path: '/api/v1/data-quality', params: period },
    { id: Q.sensor, path: '/api/v1/sensor-checks', params: period },
    { id: Q.deadLetters, path: '/api/v1/data-quality/dead-letters', params: period },
    { id: Q.ratingsSummary, path: '/api/v1/analytics/ratings/summary', params: period },
    { id: Q.ratingsConditions, path: '/api/v1/analytics/ratings/conditions', params: period },
    { id: Q.ratingsDrivers, path: '/api/v1/analytics/ratings/drivers', params: period },
    // The ratings list filters on answer instants: the period's Paris days; as CSV, every row at once.
    {
      id: Q.ratingsList,
      path: '/api/v1/ratings',
      params: { from: parisDayStart(period.from), to: parisDayStart(nextDate(period.to)), format: 'csv' },
    },
  ];
}

const parisDayStart = (date: string) => new Date(parisMidnightUtc(date)).toISOString();
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** A figure of the API (NaN, ±Infinity where it has none) as the model has it (null). */
const fig = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const share = (x: number | null | undefined): number | null => {
  const v = fig(x);
  return v === null ? null : Math.min(1, Math.max(0, v));
};
const int = (x: number) => Math.max(0, Math.round(x));

function vibration(v: KpisResponse['driverComfort'] | KpisResponse['passengerComfort']): VehicleTotals['seat'] {
  const classShares = Object.fromEntries(
    COMFORT_CLASS_IDS.map((c) => [c, share(v.classShares[c])]),
  ) as VehicleTotals['seat']['classShares'];
  return { awx: fig(v.awx), awy: fig(v.awy), awz: fig(v.awz), av: fig(v.av), vdvz: fig(v.vdvz), classShares };
}

function totalsOf(g: KpiGroup): VehicleTotals {
  const k = g.kpis;
  return {
    vehicleId: g.vehicleId,
    queryId: Q.kpisVehicle,
    trips: k.trips,
    inferredTrips: k.inferredTrips,
    distanceKm: Math.max(0, k.distanceKm),
    durationH: Math.max(0, k.durationH),
    fuelUsed: Math.max(0, k.fuel.used),
    per100km: fig(k.fuel.per100km),
    mjPerKm: fig(k.fuel.mjPerKm),
    costEurPerKm: fig(k.fuel.costEurPerKm),
    idleShare: share(k.idleShare),
    passengersBoarded: k.passengersBoarded,
    meanAmbientTempC: fig(k.meanAmbientTempC),
    seat: vibration(k.driverComfort),
    cabNoiseLeqDbA: fig(k.driverComfort.cabNoiseLeqDbA),
    harshPer100km: fig(k.driverComfort.harshPer100km),
    floor: vibration(k.passengerComfort),
    cabinNoiseLeqDbA: fig(k.passengerComfort.cabinNoiseLeqDbA),
    cabinTempOkShare: share(k.passengerComfort.cabinTempOkShare),
    cabinCo2OkShare: share(k.passengerComfort.cabinCo2OkShare),
    accelEventsPer100km: fig(k.passengerComfort.accelEventsPer100km),
  };
}

/** The API's ambient band ('20–25 °C', '≥ 30 °C') as numbers; open ends stop at the telemetry contract's limits (−30, 60 °C). */
export function ambientBand(label: string): { fromC: number; toC: number } | null {
  const closed = /^(-?\d+(?:\.\d+)?)–(-?\d+(?:\.\d+)?) °C$/.exec(label);
  if (closed) return { fromC: Number(closed[1]), toC: Number(closed[2]) };
  const above = /^≥ (-?\d+(?:\.\d+)?) °C$/.exec(label);
  if (above) return { fromC: Number(above[1]), toC: 60 };
  const below = /^< (-?\d+(?:\.\d+)?) °C$/.exec(label);
  if (below) return { fromC: -30, toC: Number(below[1]) };
  return null;
}

/** Ratings by band of a measured condition: equal-count bins of the rated windows, each with its value range and mean overall rating. */
export function conditionBins(ratings: readonly ConditionRatingInput[]): ReportModel['passengers']['conditions']['bins'] {
  const field = {
    floor_av: 'floorAv',
    cabin_noise_leq: 'cabinNoiseLeqDbA',
    cabin_temp_c: 'cabinTempC',
    cabin_co2_ppm: 'cabinCo2Ppm',
  } as const;
  const out: ReportModel['passengers']['conditions']['bins'] = [];
  for (const condition of CONDITIONS) {
    const pairs = ratings
      .filter((r) => r.samples > 0)
      .map((r) => ({ v: r[field[condition]], overall: r.overall }))
      .filter((p): p is { v: number; overall: number } => typeof p.v === 'number' && Number.isFinite(p.v))
      .sort((a, b) => a.v - b.v || a.overall - b.overall);
    if (pairs.length < CONDITION_BINS * MIN_PER_BIN) continue;
    for (let i = 0; i < CONDITION_BINS; i++) {
      const bin = pairs.slice(Math.floor((i * pairs.length) / CONDITION_BINS), Math.floor(((i + 1) * pairs.length) / CONDITION_BINS));
      out.push({
        condition,
        from: bin[0].v,
        to: bin[bin.length - 1].v,
        n: bin.length,
        meanOverall: bin.reduce((s, p) => s + p.overall, 0) / bin.length,
      });
    }
  }
  return out;
}

/**
 * A few comments per coach, personal data removed: for each coach the earliest comment of each
 * overall score (5, 1, 4, 2, 3 in turn, so praise and complaints both appear), preferring those
 * that needed no redaction — a name that nothing introduces cannot be told from a word, so the
 * fewer personal details a comment had, the safer it is to print.
 */
export function selectComments(
  comments: readonly CommentInput[],
  vehicles: readonly string[],
): ReportModel['passengers']['comments']['selected'] {
  const out: ReportModel['passengers']['comments']['selected'] = [];
  for (const vehicleId of vehicles) {
    const mine = comments
      .filter((c) => c.vehicleId === vehicleId && c.text.trim().length >= MIN_COMMENT_CHARS)
      .map((c) => ({ ...c, redacted: redactPersonalData(c.text.trim()) }));
    const picked: typeof mine = [];
    for (const clean of [true, false]) {
      for (const score of [5, 1, 4, 2, 3]) {
        if (picked.length >= COMMENTS_PER_VEHICLE) break;
        const c = mine.find(
          (x) =>
            x.overall === score &&
            (x.redacted.redactions === 0) === clean &&
            !picked.includes(x) &&
            !picked.some((p) => p.overall === score),
        );
        if (c) picked.push(c);
      }
    }
    picked.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
    out.push(
      ...picked.map((c) => ({
        vehicleId,
        answeredAt: c.answeredAt,
        language: c.language,
        overall: c.overall,
        text: c.redacted.text.slice(0, 500),
      })),
    );
  }
  return out.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt) || a.vehicleId.localeCompare(b.vehicleId));
}

/**
 * The libs/data VEHICLES key whose spec describes a vehicle: its own, else the first trial coach
 * of its fuel — the spec cngTankOf and dieselTankOf read it with, so the sources cited are the
 * ones the figures used.
 */
export const specRefOf = (vehicleId: string, fuel: 'cng' | 'diesel'): string =>
  vehicleId in VEHICLES ? vehicleId : (FLEET.find((v) => v.fuel === fuel)?.id ?? vehicleId);

export interface ModelMeta {
  dataHash: string;
  codeVersion: string;
}

export function modelFromInputs(inputs: ReportInputs, meta: ModelMeta): ReportModel {
  const { candidate, reference, period } = inputs;
  const pair = [candidate, reference];
  const ours = <T extends { vehicleId: string }>(rows: readonly T[]) => rows.filter((r) => pair.includes(r.vehicleId));
  const fuelOf = (id: string) => inputs.vehicles.find((v) => v.id === id)?.fuelType ?? (id === reference ? 'diesel' : 'cng');
  const rangeOf = (id: string) => inputs.fuelRange.find((f) => f.vehicleId === id);
  const usableFull = (id: string) => rangeOf(id)?.usableFullTank ?? 0;

  // Criteria: the comparison rows as the API gives them, grouped by criterion.
  const rows = inputs.comparison.map((r) => ({
    criterion: r.criterion,
    row: comparisonFromApi(r as Parameters<typeof comparisonFromApi>[0], Q.comparison),
  }));
  const criteria = Object.fromEntries(
    CRITERIA.map((c) => {
      const comparisons = rows.filter((r) => r.criterion === c).map((r) => r.row);
      return [c, { keyMetric: comparisons.some((r) => r.metric === KEY_METRICS[c]) ? KEY_METRICS[c] : null, comparisons }];
    }),
  ) as ReportModel['criteria'];
  const row = (metric: MetricId): Comparison | undefined => rows.find((r) => r.row.metric === metric)?.row;

  const totals = ours(inputs.totals).map(totalsOf);
  const totalsOfVehicle = (id: string) => totals.find((t) => t.vehicleId === id);
  const daily = ours(inputs.daily).map((g) => ({
    vehicleId: g.vehicleId,
    date: (g.key as { serviceDate: string }).serviceDate,
    trips: g.kpis.trips,
    distanceKm: Math.max(0, g.kpis.distanceKm),
    fuelUsed: Math.max(0, g.kpis.fuel.used),
    per100km: fig(g.kpis.fuel.per100km),
    seatAv: fig(g.kpis.driverComfort.av),
    floorAv: fig(g.kpis.passengerComfort.av),
    cabNoiseLeqDbA: fig(g.kpis.driverComfort.cabNoiseLeqDbA),
    cabinNoiseLeqDbA: fig(g.kpis.passengerComfort.cabinNoiseLeqDbA),
    meanAmbientTempC: fig(g.kpis.meanAmbientTempC),
  }));

  // CO2: the KPIs' own per-km figures (libs/domain co2 with the libs/data factors) of each coach.
  const candKpis = inputs.totals.find((g) => g.vehicleId === candidate)?.kpis;
  const refKpis = inputs.totals.find((g) => g.vehicleId === reference)?.kpis;
  const candidateKm = Math.max(0, candKpis?.distanceKm ?? 0);
  const wtw = (k: KpisResponse | undefined, key: string) => fig(k?.fuel.co2WtwKgPerKm[key]);
  const vs = (gas: number | null, diesel: number | null, metric: MetricId | null): NonNullable<Co2Row['vsDiesel']> => {
    const r = metric ? row(metric) : undefined;
    const difference = gas !== null && diesel !== null ? gas - diesel : null;
    return {
      difference,
      relative: difference !== null && diesel ? difference / diesel : null,
      low: r?.low ?? null,
      high: r?.high ?? null,
      significant: r ? r.significant : null,
      savedKg: difference !== null ? -difference * candidateKm : null,
    };
  };
  const ttwDiesel = fig(refKpis?.fuel.co2TtwKgPerKm),
    wtwDiesel = wtw(refKpis, 'diesel');
  const ttwCng = fig(candKpis?.fuel.co2TtwKgPerKm),
    fossil = wtw(candKpis, 'fossilCng'),
    mix = wtw(candKpis, 'frenchMix2018'),
    bio = wtw(candKpis, 'bioCng');
  const co2Rows: Co2Row[] = [
    { scope: 'ttw', fuel: 'diesel', kgPerKm: ttwDiesel, factorId: 'ENERGY_FACTORS.ttw.diesel', vsDiesel: null },
    {
      scope: 'ttw',
      fuel: 'cng',
      kgPerKm: ttwCng,
      factorId: 'ENERGY_FACTORS.ttw.methane',
      vsDiesel: vs(ttwCng, ttwDiesel, 'co2_ttw_kg_per_km'),
    },
    { scope: 'wtw', fuel: 'diesel', kgPerKm: wtwDiesel, factorId: 'ENERGY_FACTORS.wtw.diesel', vsDiesel: null },
    { scope: 'wtw', fuel: 'fossil_cng', kgPerKm: fossil, factorId: 'ENERGY_FACTORS.wtw.fossilCng', vsDiesel: vs(fossil, wtwDiesel, null) },
    {
      scope: 'wtw',
      fuel: 'french_mix_2018',
      kgPerKm: mix,
      factorId: 'ENERGY_FACTORS.wtw.frenchMix2018',
      vsDiesel: vs(mix, wtwDiesel, 'co2_wtw_kg_per_km'),
    },
    {
      scope: 'wtw',
      fuel: 'bio_cng',
      kgPerKm: bio,
      factorId: 'ENERGY_FACTORS.wtw.bioCng',
      vsDiesel: vs(bio, wtwDiesel, 'co2_wtw_biognv_kg_per_km'),
    },
  ];

  // Fuel range.
  const perVehicle = pair.map((vehicleId) => {
    const f = rangeOf(vehicleId);
    const status = (s: string) => f?.refuelsByStatus[s as keyof typeof f.refuelsByStatus] ?? 0;
    return {
      vehicleId,
      queryId: Q.fuelRange,
      refuels: f?.refuels ?? 0,
      refuelled: Math.max(0, f?.refuelled ?? 0),
      byStatus: {
        confirmed: status('confirmed'),
        keyed_missing: status('keyed_missing'),
        keyed_mismatch: status('keyed_mismatch'),
        not_keyed: status('not_keyed'),
        not_detected: status('not_detected'),
      },
      kmPerTank: (f?.kmPerTank.values ?? []).map((k) => Math.max(0, k)),
      meanKmPerTank: fig(f?.kmPerTank.mean),
      daysPerTank: fig(f?.daysPerTank),
    };
  });
  const remainingRange = pair.map((vehicleId) => {
    const xs = (inputs.recentPer100km[vehicleId] ?? []).filter((x) => Number.isFinite(x) && x > 0);
    const r = rangeModel(usableFull(vehicleId), xs);
    return { vehicleId, queryId: Q.vehicles, trips: xs.length, ...r };
  });

  // Efficiency by outside temperature.
  const byAmbient = ours(inputs.ambient)
    .flatMap((g) => {
      const band = ambientBand((g.key as { ambient: string }).ambient);
      return band
        ? [{ vehicleId: g.vehicleId, ...band, trips: g.kpis.trips, per100km: fig(g.kpis.fuel.per100km), mjPerKm: fig(g.kpis.fuel.mjPerKm) }]
        : [];
    })
    .sort((a, b) => a.fromC - b.fromC || pair.indexOf(a.vehicleId) - pair.indexOf(b.vehicleId));

  // Passengers.
  const feedbackOf = (id: string) => inputs.feedback.find((f) => f.vehicleId === id);
  const passengerVehicles = pair.map((vehicleId) => {
    const s = inputs.ratings.find((r) => r.vehicleId === vehicleId);
    const ratings = s?.ratings ?? 0;
    return {
      vehicleId,
      ratings,
      partial: feedbackOf(vehicleId)?.partial ?? 0,
      passengersCarried: s?.passengersCarried ?? 0,
      responseRate:
        s && s.passengersCarried > 0 && s.responseRate.p !== null
          ? { p: share(s.responseRate.p)!, low: share(s.responseRate.low)!, high: share(s.responseRate.high)! }
          : null,
      questions: (s?.questions ?? []).map((q) => ({
        question: q.question,
        n: q.n,
        knownMissing: Math.max(0, ratings - q.n),
        mean: fig(q.mean),
        csat: q.n > 0 && q.csat.p !== null ? { p: share(q.csat.p)!, low: share(q.csat.low)!, high: share(q.csat.high)! } : null,
        distribution: q.distribution as [number, number, number, number, number],
      })),
    };
  });
  const links = inputs.conditions.links.map((l) => {
    const low = fig(l.low),
      high = fig(l.high);
    return {
      condition: l.condition,
      lowRatings: { n: l.lowRatings.n, mean: fig(l.lowRatings.mean) },
      highRatings: { n: l.highRatings.n, mean: fig(l.highRatings.mean) },
      difference: fig(l.difference),
      low,
      high,
      significant: low !== null && high !== null && (low > 0 || high < 0),
    };
  });

  // Drivers: aggregates only, and from MIN_AGGREGATE_ANSWERS answers.
  const drivers = pair.flatMap((vehicleId) => {
    const d = inputs.drivers.find((x) => x.vehicleId === vehicleId);
    if (!d) return [];
    return [
      {
        vehicleId,
        questionnaires: d.questionnaires,
        drivers: d.drivers,
        questions: d.questions.map((q) => {
          const enough = q.n >= REPORT_THRESHOLDS.minDriverAnswers;
          return {
            question: q.question,
            n: q.n,
            mean: enough ? fig(q.mean) : null,
            topTwoBox:
              enough && q.topTwoBox.p !== null
                ? { p: share(q.topTwoBox.p)!, low: share(q.topTwoBox.low)!, high: share(q.topTwoBox.high)! }
                : null,
          };
        }),
      },
    ];
  });

  // Data quality: one row per vehicle-day with rolled-up telemetry (a service day without one had none).
  const tripsOn = (vehicleId: string, date: string) => daily.find((d) => d.vehicleId === vehicleId && d.date === date)?.trips ?? 0;
  const qualityDays = ours(inputs.quality)
    .filter((d) => d.telemetryRolledUp)
    .map((d) => ({
      vehicleId: d.vehicleId,
      date: d.serviceDate,
      coverage: share(d.coverage),
      receivedSeconds: int(d.receivedSeconds),
      trips: tripsOn(d.vehicleId, d.serviceDate),
      gaps: int(d.gaps),
      gapSeconds: Math.max(0, d.gapSeconds),
      maxGapS: Math.max(0, d.maxGapS),
      inferredTrips: int(d.inferredTrips),
      tripsWithoutEnd: int(d.tripsWithoutEnd),
      clockAnomalies: int(d.clockAnomalies),
      fuelCounterResets: int(d.fuelCounterResets),
      fuelCounterGlitches: int(d.fuelCounterGlitches),
      duplicates: int(d.duplicates),
      deadLetters: int(d.deadLetters),
      sensorChecks: int(d.sensorChecks),
      sensorFlags: int(d.sensorFlags),
      fuelDisagreement: d.fuelDisagreement === true,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || pair.indexOf(a.vehicleId) - pair.indexOf(b.vehicleId));

  const missing: MissingData[] = [];
  if (inputs.sensorChecks.windows === 0 && qualityDays.length > 0) missing.push({ kind: 'source_unavailable', queryId: Q.sensor });

  const candidateFuel = fuelOf(candidate),
    referenceFuel = fuelOf(reference);
  const dates = serviceDates(period.from, period.to);
  const model: ReportModel = {
    modelVersion: REPORT_MODEL_VERSION,
    kind: inputs.kind,
    asOf: inputs.dataUpTo ?? parisDayStart(period.from),
    dataHash: meta.dataHash,
    codeVersion: meta.codeVersion,
    dataVersions: { energyFactors: ENERGY_FACTORS.version, vehicles: VEHICLE_DATA_VERSION, line: LINE101_VERSION },
    period: { from: period.from, to: period.to, serviceDates: dates },
    line: { ...LINE, lengthKm: stopDistancesM(PATTERNS.lunel).at(-1)! / 1000, stops: PATTERNS.lunel.stopIds.length },
    vehicles: {
      candidate: {
        id: candidate,
        fuel: candidateFuel,
        specRef: specRefOf(candidate, candidateFuel),
        usableFullTank: usableFull(candidate) || 1,
      },
      reference: {
        id: reference,
        fuel: referenceFuel,
        specRef: specRefOf(reference, referenceFuel),
        usableFullTank: usableFull(reference) || 1,
      },
    },
    thresholds: { ...REPORT_THRESHOLDS },
    method: {
      confidence: REPORT_QUERY.confidence,
      bootstrapIterations: REPORT_QUERY.iterations,
      bootstrapSeed: REPORT_QUERY.seed,
      ratingWindowMin: inputs.conditions.windowMinutes,
      cabinTempBandC: [CABIN_BANDS.tempC[0], CABIN_BANDS.tempC[1]],
      cabinCo2MaxPpm: CABIN_BANDS.co2MaxPpm,
      tankResidualBar: cngTankOf(candidate).residualPressureBar.value,
      // libs/domain detectRefuels' default minimum rise, the gap threshold of the day rollup, the on-time window of trips.ts.
      refuelMinRiseKg: 10,
      rangeTrips: REPORT_QUERY.rangeTrips,
      gapS: 5,
      sensorTolerance: inputs.settings.sensorTolerance,
      onTimeWindowS: [-60, 300],
    },
    queries: reportQueries(inputs),
    criteria,
    totals,
    daily,
    dailyQueryId: Q.kpisDay,
    co2: { queryId: Q.kpisVehicle, candidateKm, rows: co2Rows },
    fuelRange: {
      perVehicle,
      refuels: ours(inputs.refuels).map((r) => ({
        vehicleId: r.vehicleId,
        ts: r.ts,
        amount: Math.max(0, r.amount),
        status: r.status,
        odometerKm: fig(r.odometerKm),
      })),
      refuelsQueryId: Q.refuels,
      remainingRange,
    },
    efficiency: { byAmbient, byAmbientQueryId: Q.kpisAmbient },
    passengers: {
      queryId: Q.ratingsSummary,
      perVehicle: passengerVehicles,
      conditions: {
        queryId: Q.ratingsConditions,
        windowMinutes: inputs.conditions.windowMinutes,
        links,
        bins: conditionBins(inputs.conditions.ratings),
      },
      comments: {
        queryId: Q.ratingsList,
        total: pair.reduce((s, v) => s + (feedbackOf(v)?.comments ?? 0), 0),
        selected: selectComments(inputs.comments, pair),
      },
    },
    drivers: { queryId: Q.ratingsDrivers, perVehicle: drivers },
    quality: {
      queryId: Q.quality,
      days: qualityDays,
      deadLettersByCode: inputs.deadLetters.map((d) => ({ code: d.code, n: d.n })),
      sensorQueryId: Q.sensor,
      feedback: pair.map((vehicleId) => {
        const f = feedbackOf(vehicleId);
        const questionnaires = inputs.drivers.find((d) => d.vehicleId === vehicleId)?.questionnaires ?? 0;
        return { vehicleId, ratings: f?.ratings ?? 0, partial: f?.partial ?? 0, contextComplete: f?.contextComplete ?? 0, questionnaires };
      }),
      feedbackQueryId: Q.ratingsSummary,
    },
    sources: sourcesFor(standardSourceIds(specRefOf(candidate, candidateFuel), specRefOf(reference, referenceFuel))),
    recommendations: recommendations(inputs, { row, totalsOfVehicle, perVehicle, dates }),
    missing,
  };
  return model;
}

/** The remaining-range model of GET /api/v1/vehicles (libs/domain remainingRange), for a full tank. */
function rangeModel(
  usable: number,
  per100: number[],
): Pick<ReportModel['fuelRange']['remainingRange'][number], 'per100km' | 'fullTankKm' | 'lowKm' | 'highKm' | 'basis'> {
  const r = remainingRange(usable, per100);
  if (r.basis === 'none') return { per100km: null, fullTankKm: null, lowKm: null, highKm: null, basis: 'none' };
  return { per100km: fig(r.per100km), fullTankKm: fig(r.km), lowKm: fig(r.lowKm), highKm: fig(r.highKm), basis: r.basis };
}

function recommendations(
  inputs: ReportInputs,
  ctx: {
    row: (m: MetricId) => Comparison | undefined;
    totalsOfVehicle: (id: string) => VehicleTotals | undefined;
    perVehicle: ReportModel['fuelRange']['perVehicle'];
    dates: string[];
  },
): Recommendation[] {
  const out: Recommendation[] = [];
  const cand = ctx.perVehicle.find((v) => v.vehicleId === inputs.candidate);
  const range = ctx.row('full_tank_range_km')?.candidate.mean ?? null;
  // A recommendation is made only from figures the data gave (a missing one is said in the missing-data list instead).
  if (cand && cand.meanKmPerTank !== null && cand.daysPerTank !== null && range !== null) {
    out.push({
      id: 'refuelling_rhythm',
      figures: [
        { ref: 'km_per_tank', value: cand.meanKmPerTank, unit: 'km', queryId: Q.fuelRange },
        { ref: 'days_per_tank', value: cand.daysPerTank, unit: 'days', queryId: Q.fuelRange },
        { ref: 'refuels', value: cand.refuels, unit: 'count', queryId: Q.fuelRange },
        { ref: 'full_tank_range', value: range, unit: 'km', queryId: Q.comparison },
      ],
    });
  }
  const ambient = ctx.totalsOfVehicle(inputs.candidate)?.meanAmbientTempC ?? null;
  if (cand && ambient !== null) {
    out.push({
      id: 'longer_trial',
      figures: [
        { ref: 'service_days', value: ctx.dates.length, unit: 'days', queryId: Q.quality },
        { ref: 'tanks_observed', value: cand.kmPerTank.length, unit: 'count', queryId: Q.fuelRange },
        { ref: 'mean_ambient_temp', value: ambient, unit: 'celsius', queryId: Q.kpisVehicle },
      ],
    });
  }
  const csat = ctx.row('csat_overall');
  if (
    csat &&
    csat.candidate.mean !== null &&
    csat.reference.mean !== null &&
    csat.difference !== null &&
    csat.low !== null &&
    csat.high !== null
  ) {
    const required = sampleSizeTwoProportions(csat.candidate.mean, csat.reference.mean);
    if (Number.isFinite(required)) {
      out.push({
        id: 'csat_sample_size',
        figures: [
          { ref: 'csat_difference', value: csat.difference, unit: 'share', queryId: Q.comparison },
          { ref: 'csat_low', value: csat.low, unit: 'share', queryId: Q.comparison },
          { ref: 'csat_high', value: csat.high, unit: 'share', queryId: Q.comparison },
          { ref: 'ratings_candidate', value: csat.candidate.n, unit: 'count', queryId: Q.ratingsSummary },
          { ref: 'ratings_reference', value: csat.reference.n, unit: 'count', queryId: Q.ratingsSummary },
          { ref: 'required_ratings_per_vehicle', value: required, unit: 'count', queryId: Q.comparison },
        ],
      });
    }
  }
  return out;
}
