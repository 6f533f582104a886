/** One section per criterion: the verdict, the comparison with the reference, tables and charts. */
import { PALETTE } from '../charts';
import type { Block, Section, TableBlock } from '../document';
import type { MessageKey } from '../i18n';
import { COMFORT_CLASS_IDS, type Criterion, type ReportModel, type VehicleTotals } from '../model';
import { keyComparison } from '../rules';
import { co2Details } from './summary';
import {
  bare,
  type Ctx,
  DASH,
  fig,
  figure,
  metricName,
  withUnit,
  missingFor,
  missingText,
  readingOf,
  sep,
  unitOf,
  verdictSentence,
} from './context';

const AXES = ['aw x', 'aw y', 'aw z', 'av'];
const CLASS_COLOURS = ['#17795a', '#8fc9b2', '#e8c547', '#d9822b', '#b8412c', '#6e1f16'];

function comparisonTable(c: Ctx, criterion: Criterion): TableBlock {
  const rows = c.model.criteria[criterion].comparisons;
  return {
    kind: 'table',
    id: `table-${criterion}-comparison`,
    caption: c.t('table.comparison.caption', {
      candidate: c.cand,
      reference: c.ref,
      criterion: c.t(`criterion.${criterion}` as MessageKey).toLowerCase(),
    }),
    head: [
      c.t('table.metric'),
      c.cand,
      c.ref,
      c.t('table.difference', { candidate: c.cand, reference: c.ref }),
      c.t('table.relative'),
      c.t('table.interval', { confidence: c.f.percent(c.model.method.confidence, 0) }),
      'n',
      c.t('table.reading'),
    ],
    numeric: [false, true, true, true, true, true, true, false],
    widths: [3.4, 1.4, 1.4, 2.1, 2.0, 2.6, 1.4, 2.0],
    rows: rows.map((r) => {
      const unit = unitOf(r.metric);
      return [
        withUnit(c, metricName(c, r.metric), unit),
        bare(c, r.candidate.mean, unit),
        bare(c, r.reference.mean, unit),
        bare(c, r.difference, unit, true),
        r.relativeDifference === null || unit === 'share' || unit === 'db_a' ? DASH : c.f.percent(r.relativeDifference, 1, true),
        r.low === null || r.high === null
          ? c.t('ci.none')
          : unit === 'share'
            ? c.f.range(r.low, r.high, 'share', { signed: true })
            : `${c.f.signed(r.low, c.f.digitsOf(unit))} ${c.t('range.to')} ${c.f.signed(r.high, c.f.digitsOf(unit))}`,
        `${c.f.integer(r.candidate.n)} / ${c.f.integer(r.reference.n)}`,
        readingOf(c, r),
      ];
    }),
    queryIds: [...new Set(rows.map((r) => r.queryId))],
  };
}

function criterionSection(c: Ctx, criterion: Criterion, id: string, specific: Block[]): Section {
  const row = keyComparison(c.model, criterion);
  const v = verdictSentence(c, row, c.model.criteria[criterion].keyMetric);
  const missing = missingFor(c, criterion);
  const blocks: Block[] = [
    { kind: 'paragraph', text: c.t(`criterion.${criterion}.intro` as MessageKey) },
    { kind: 'paragraph', tone: 'lead', text: v.text },
  ];
  if (missing.length) blocks.push({ kind: 'list', tone: 'missing', items: missing.map((m) => missingText(c, m)) });
  if (c.model.criteria[criterion].comparisons.length) blocks.push(comparisonTable(c, criterion));
  else blocks.push({ kind: 'paragraph', tone: 'missing', text: c.t('section.noComparison') });
  blocks.push(...specific);
  return { id, title: c.t(`criterion.${criterion}` as MessageKey), blocks };
}

const totalsOf = (c: Ctx, vehicleId: string): VehicleTotals | undefined => c.model.totals.find((t) => t.vehicleId === vehicleId);
const fuelUnit = (c: Ctx, vehicleId: string) =>
  (c.model.vehicles.candidate.id === vehicleId ? c.model.vehicles.candidate : c.model.vehicles.reference).fuel === 'cng'
    ? ('kg' as const)
    : ('l' as const);
const per100Unit = (c: Ctx, vehicleId: string) => (fuelUnit(c, vehicleId) === 'kg' ? ('kg_per_100km' as const) : ('l_per_100km' as const));
const colourOf = (c: Ctx, vehicleId: string) => (vehicleId === c.cand ? PALETTE.candidate : PALETTE.reference);

export function fuelRangeSection(c: Ctx): Section {
  const m = c.model;
  const fr = m.fuelRange;
  const vehicles = [c.cand, c.ref];
  const perTable: TableBlock = {
    kind: 'table',
    id: 'table-fuel-tanks',
    caption: c.t('fuel.table.caption'),
    head: [
      c.t('table.vehicle'),
      c.t('fuel.table.refuels'),
      c.t('fuel.table.refuelled'),
      c.t('fuel.table.kmPerTank'),
      c.t('fuel.table.daysPerTank'),
      c.t('fuel.table.usable'),
      c.t('fuel.table.model'),
    ],
    numeric: [false, true, true, true, true, true, true],
    widths: [2, 1.4, 2, 3, 2, 2, 3.4],
    rows: vehicles.map((v) => {
      const p = fr.perVehicle.find((x) => x.vehicleId === v);
      const r = fr.remainingRange.find((x) => x.vehicleId === v);
      const veh = v === c.cand ? m.vehicles.candidate : m.vehicles.reference;
      const unit = fuelUnit(c, v);
      const kms = p?.kmPerTank ?? [];
      return [
        v,
        p ? c.f.integer(p.refuels) : DASH,
        p ? fig(c, p.refuelled, unit) : DASH,
        p && p.meanKmPerTank !== null && kms.length
          ? c.t('fuel.table.kmPerTankValue', {
              mean: fig(c, p.meanKmPerTank, 'km'),
              min: c.f.integer(Math.min(...kms)),
              max: c.f.integer(Math.max(...kms)),
              tanks: kms.length,
            })
          : c.t('fuel.table.noInterval'),
        p ? fig(c, p.daysPerTank, 'days') : DASH,
        fig(c, veh.usableFullTank, unit),
        r && r.fullTankKm !== null && r.lowKm !== null && r.highKm !== null
          ? c.t('fuel.table.modelValue', {
              km: fig(c, r.fullTankKm, 'km'),
              range: c.f.range(r.lowKm, r.highKm, 'km'),
              per100: fig(c, r.per100km, per100Unit(c, v)),
            })
          : DASH,
      ];
    }),
    queryIds: [...new Set([...fr.perVehicle.map((p) => p.queryId), ...fr.remainingRange.map((r) => r.queryId)])],
  };
  const tanks = Math.max(0, ...fr.perVehicle.map((p) => p.kmPerTank.length));
  const blocks: Block[] = [perTable];
  if (tanks > 0) {
    blocks.push(
      figure(
        'chart-km-per-tank',
        c.t('fuel.chart.caption'),
        c.t('fuel.chart.alt', {
          items: fr.perVehicle
            .map((p) =>
              c.t('fuel.chart.altItem', { vehicle: p.vehicleId, values: p.kmPerTank.map((k) => c.f.integer(k)).join(', ') || DASH }),
            )
            .join(sep(c)),
        }),
        {
          type: 'bar',
          width: 720,
          height: 280,
          locale: c.f.locale,
          yTitle: c.t('fuel.chart.y'),
          labels: Array.from({ length: tanks }, (_, i) => c.t('fuel.chart.tank', { n: i + 1 })),
          datasets: vehicles.map((v) => ({
            label: v,
            color: colourOf(c, v),
            data: Array.from({ length: tanks }, (_, i) => fr.perVehicle.find((p) => p.vehicleId === v)?.kmPerTank[i] ?? null),
          })),
        },
        [fr.perVehicle[0]?.queryId ?? fr.refuelsQueryId],
      ),
    );
  }
  const cand = fr.perVehicle.find((p) => p.vehicleId === c.cand);
  if (cand && cand.daysPerTank !== null && cand.meanKmPerTank !== null) {
    blocks.push({
      kind: 'paragraph',
      text: c.t('fuel.rhythm', {
        candidate: c.cand,
        refuels: cand.refuels,
        days: fig(c, cand.daysPerTank, 'days'),
        km: fig(c, cand.meanKmPerTank, 'km'),
      }),
    });
  }
  blocks.push({
    kind: 'paragraph',
    text: c.t('fuel.rangeModel', { trips: m.method.rangeTrips, residual: c.f.unit(m.method.tankResidualBar, 'count') }),
  });
  blocks.push({
    kind: 'table',
    id: 'table-refuels',
    caption: c.t('fuel.refuels.caption'),
    small: true,
    head: [
      c.t('fuel.refuels.when'),
      c.t('table.vehicle'),
      c.t('fuel.refuels.amount'),
      c.t('fuel.refuels.odometer'),
      c.t('fuel.refuels.status'),
    ],
    numeric: [false, false, true, true, false],
    widths: [3, 2, 2, 2.4, 4],
    rows: fr.refuels.map((r) => [
      c.f.shortDateTime(r.ts),
      r.vehicleId,
      fig(c, r.amount, fuelUnit(c, r.vehicleId)),
      fig(c, r.odometerKm, 'km'),
      c.t(`refuel.${r.status}` as MessageKey),
    ]),
    queryIds: [fr.refuelsQueryId],
  });
  return criterionSection(c, 'fuel_range', 'fuel-range', blocks);
}

export function efficiencySection(c: Ctx): Section {
  const m = c.model;
  const vehicles = [c.cand, c.ref];
  const table: TableBlock = {
    kind: 'table',
    id: 'table-efficiency',
    caption: c.t('eff.table.caption'),
    head: [
      c.t('table.vehicle'),
      withUnit(c, c.t('eff.table.km'), 'km'),
      c.t('eff.table.used'),
      c.t('eff.table.per100'),
      withUnit(c, c.t('eff.table.energy'), 'mj_per_km'),
      withUnit(c, c.t('eff.table.cost'), 'eur_per_km'),
      c.t('eff.table.idle'),
    ],
    numeric: [false, true, true, true, true, true, true],
    widths: [1.4, 1.5, 1.6, 2.2, 1.6, 1.8, 1.3],
    rows: vehicles.map((v) => {
      const t = totalsOf(c, v);
      return [
        v,
        bare(c, t?.distanceKm, 'km'),
        fig(c, t?.fuelUsed, fuelUnit(c, v)),
        fig(c, t?.per100km, per100Unit(c, v)),
        bare(c, t?.mjPerKm, 'mj_per_km'),
        bare(c, t?.costEurPerKm, 'eur_per_km'),
        t?.idleShare === null || t?.idleShare === undefined ? DASH : c.f.percent(t.idleShare, 1),
      ];
    }),
    queryIds: [m.totals[0]?.queryId ?? m.dailyQueryId],
  };
  const dates = m.period.serviceDates;
  const daily = figure(
    'chart-daily-consumption',
    c.t('eff.daily.caption'),
    c.t('eff.daily.alt', {
      items: vehicles
        .map((v) => {
          const xs = m.daily.filter((d) => d.vehicleId === v && d.per100km !== null).map((d) => d.per100km as number);
          return xs.length
            ? c.t('eff.daily.altItem', {
                vehicle: v,
                min: fig(c, Math.min(...xs), per100Unit(c, v)),
                max: fig(c, Math.max(...xs), per100Unit(c, v)),
                days: xs.length,
              })
            : c.t('eff.daily.altNone', { vehicle: v });
        })
        .join(sep(c)),
    }),
    {
      type: 'line',
      width: 720,
      height: 280,
      locale: c.f.locale,
      yTitle: c.t('eff.daily.y'),
      labels: dates.map((d) => c.f.shortDate(d)),
      datasets: vehicles.map((v) => ({
        label: c.t('eff.daily.series', { vehicle: v, unit: c.f.unitSymbol(per100Unit(c, v)) }),
        color: colourOf(c, v),
        dashed: v === c.ref,
        data: dates.map((d) => m.daily.find((x) => x.vehicleId === v && x.date === d)?.per100km ?? null),
      })),
    },
    [m.dailyQueryId],
  );
  const bands = [...new Map(m.efficiency.byAmbient.map((b) => [`${b.fromC}|${b.toC}`, b])).values()];
  const band = (b: { fromC: number; toC: number }) => c.f.range(b.fromC, b.toC, 'celsius', { digits: 0 });
  const ambient: TableBlock = {
    kind: 'table',
    id: 'table-ambient',
    caption: c.t('eff.ambient.caption'),
    head: [
      c.t('eff.ambient.band'),
      c.t('eff.ambient.trips', { vehicle: c.cand }),
      c.t('eff.ambient.per100', { vehicle: c.cand }),
      c.t('eff.ambient.trips', { vehicle: c.ref }),
      c.t('eff.ambient.per100', { vehicle: c.ref }),
    ],
    numeric: [false, true, true, true, true],
    rows: bands.map((b) => {
      const of = (v: string) => m.efficiency.byAmbient.find((x) => x.vehicleId === v && x.fromC === b.fromC && x.toC === b.toC);
      return [
        band(b),
        c.f.integer(of(c.cand)?.trips ?? 0),
        fig(c, of(c.cand)?.per100km, per100Unit(c, c.cand)),
        c.f.integer(of(c.ref)?.trips ?? 0),
        fig(c, of(c.ref)?.per100km, per100Unit(c, c.ref)),
      ];
    }),
    queryIds: [m.efficiency.byAmbientQueryId],
  };
  const ambientChart = figure(
    'chart-ambient',
    c.t('eff.ambient.chart.caption'),
    c.t('eff.ambient.chart.alt', { bands: bands.map(band).join(', ') }),
    {
      type: 'bar',
      width: 720,
      height: 260,
      locale: c.f.locale,
      yTitle: c.t('eff.ambient.chart.y'),
      xTitle: c.t('eff.ambient.chart.x'),
      labels: bands.map(band),
      datasets: vehicles.map((v) => ({
        label: v,
        color: colourOf(c, v),
        data: bands.map((b) => m.efficiency.byAmbient.find((x) => x.vehicleId === v && x.fromC === b.fromC)?.mjPerKm ?? null),
      })),
    },
    [m.efficiency.byAmbientQueryId],
  );
  return criterionSection(c, 'efficiency', 'efficiency', [
    table,
    { kind: 'paragraph', tone: 'note', text: c.t('eff.note') },
    daily,
    ambient,
    ambientChart,
    { kind: 'heading', level: 3, id: 'efficiency-co2', text: c.t('co2.title') },
    ...co2Details(c),
  ]);
}

function classChart(c: Ctx, id: string, where: 'seat' | 'floor', caption: string): Block {
  const vehicles = [c.cand, c.ref];
  const shares = (v: string) => totalsOf(c, v)?.[where].classShares;
  return figure(
    id,
    caption,
    c.t('comfort.classes.alt', {
      items: vehicles
        .map((v) => {
          const s = shares(v);
          return s && s.not_uncomfortable !== null
            ? c.t('comfort.classes.altItem', {
                vehicle: v,
                share: c.f.percent(s.not_uncomfortable, 0),
                next: c.f.percent(s.a_little_uncomfortable ?? 0, 0),
              })
            : c.t('comfort.classes.altNone', { vehicle: v });
        })
        .join(sep(c)),
    }),
    {
      type: 'bar',
      width: 720,
      height: 190,
      horizontal: true,
      stacked: true,
      percent: true,
      yMin: 0,
      yMax: 1,
      locale: c.f.locale,
      labels: vehicles,
      datasets: COMFORT_CLASS_IDS.map((k, i) => ({
        label: c.t(`comfort.class.${k}` as MessageKey),
        color: CLASS_COLOURS[i],
        data: vehicles.map((v) => shares(v)?.[k] ?? null),
      })),
    },
    [c.model.totals[0]?.queryId ?? c.model.dailyQueryId],
  );
}

function vibrationRow(c: Ctx, t: VehicleTotals | undefined, where: 'seat' | 'floor'): string[] {
  const v = t?.[where];
  return [bare(c, v?.awx, 'm_per_s2'), bare(c, v?.awy, 'm_per_s2'), bare(c, v?.awz, 'm_per_s2'), bare(c, v?.av, 'm_per_s2')];
}

function dailyLine(
  c: Ctx,
  id: string,
  caption: string,
  pick: (d: ReportModel['daily'][number]) => number | null,
  unit: 'db_a' | 'm_per_s2',
  y: string,
): Block {
  const m = c.model;
  const dates = m.period.serviceDates;
  const vehicles = [c.cand, c.ref];
  return figure(
    id,
    caption,
    c.t('daily.alt', {
      items: vehicles
        .map((v) => {
          const xs = m.daily
            .filter((d) => d.vehicleId === v)
            .map(pick)
            .filter((x): x is number => x !== null);
          return xs.length
            ? c.t('daily.altItem', { vehicle: v, min: fig(c, Math.min(...xs), unit), max: fig(c, Math.max(...xs), unit), days: xs.length })
            : c.t('daily.altNone', { vehicle: v });
        })
        .join(sep(c)),
    }),
    {
      type: 'line',
      width: 720,
      height: 250,
      locale: c.f.locale,
      yTitle: y,
      labels: dates.map((d) => c.f.shortDate(d)),
      datasets: vehicles.map((v) => ({
        label: v,
        color: colourOf(c, v),
        dashed: v === c.ref,
        data: dates.map((d) => {
          const x = m.daily.find((r) => r.vehicleId === v && r.date === d);
          return x ? pick(x) : null;
        }),
      })),
    },
    [m.dailyQueryId],
  );
}

export function driverComfortSection(c: Ctx): Section {
  const vehicles = [c.cand, c.ref];
  const table: TableBlock = {
    kind: 'table',
    id: 'table-seat',
    caption: c.t('driver.table.caption'),
    head: [
      c.t('table.vehicle'),
      ...AXES,
      withUnit(c, c.t('driver.table.vdv'), 'm_per_s1_75'),
      withUnit(c, c.t('driver.table.cabNoise'), 'db_a'),
      withUnit(c, c.t('driver.table.harsh'), 'per_100km'),
    ],
    numeric: [false, true, true, true, true, true, true, true],
    widths: [1.6, 1.4, 1.4, 1.4, 1.4, 1.8, 1.8, 2.4],
    rows: vehicles.map((v) => {
      const t = totalsOf(c, v);
      return [
        v,
        ...vibrationRow(c, t, 'seat'),
        bare(c, t?.seat.vdvz, 'm_per_s1_75'),
        bare(c, t?.cabNoiseLeqDbA, 'db_a'),
        bare(c, t?.harshPer100km, 'per_100km'),
      ];
    }),
    queryIds: [c.model.totals[0]?.queryId ?? c.model.dailyQueryId],
  };
  return criterionSection(c, 'driver_comfort', 'driver-comfort', [
    table,
    classChart(c, 'chart-seat-classes', 'seat', c.t('driver.classes.caption')),
    dailyLine(c, 'chart-daily-cab-noise', c.t('driver.noise.caption'), (d) => d.cabNoiseLeqDbA, 'db_a', c.t('chart.y.dba')),
    { kind: 'paragraph', tone: 'note', text: c.t('driver.seeDrivers') },
  ]);
}

export function passengerComfortSection(c: Ctx): Section {
  const vehicles = [c.cand, c.ref];
  const band = c.model.method.cabinTempBandC;
  const table: TableBlock = {
    kind: 'table',
    id: 'table-floor',
    caption: c.t('pc.table.caption'),
    head: [
      c.t('table.vehicle'),
      ...AXES,
      withUnit(c, c.t('pc.table.cabinNoise'), 'db_a'),
      c.t('pc.table.temp', { band: c.f.range(band[0], band[1], 'celsius', { digits: 0 }) }),
      c.t('pc.table.co2', { max: fig(c, c.model.method.cabinCo2MaxPpm, 'ppm') }),
      withUnit(c, c.t('pc.table.accel'), 'per_100km'),
    ],
    numeric: [false, true, true, true, true, true, true, true, true],
    widths: [1.6, 1.4, 1.4, 1.4, 1.4, 1.7, 1.9, 1.9, 2.4],
    rows: vehicles.map((v) => {
      const t = totalsOf(c, v);
      const pct = (x: number | null | undefined) => (x === null || x === undefined ? DASH : c.f.percent(x, 1));
      return [
        v,
        ...vibrationRow(c, t, 'floor'),
        bare(c, t?.cabinNoiseLeqDbA, 'db_a'),
        pct(t?.cabinTempOkShare),
        pct(t?.cabinCo2OkShare),
        bare(c, t?.accelEventsPer100km, 'per_100km'),
      ];
    }),
    queryIds: [c.model.totals[0]?.queryId ?? c.model.dailyQueryId],
  };
  return criterionSection(c, 'passenger_comfort', 'passenger-comfort', [
    table,
    classChart(c, 'chart-floor-classes', 'floor', c.t('pc.classes.caption')),
    dailyLine(c, 'chart-daily-cabin-noise', c.t('pc.noise.caption'), (d) => d.cabinNoiseLeqDbA, 'db_a', c.t('chart.y.dba')),
    { kind: 'paragraph', tone: 'note', text: c.t('pc.seePassengers') },
  ]);
}
