/** Method and data quality: what was measured and how, coverage and faults, and what is missing. */
import { PALETTE } from '../charts';
import type { Block, Section, TableBlock } from '../document';
import { daysWithTelemetry } from '../missing';
import type { QualityDay } from '../model';
import { type Ctx, DASH, fig, figure, missingFor, missingText, sep } from './context';

export function methodSection(c: Ctx): Section {
  const m = c.model;
  const mt = m.method;
  const conf = c.f.percent(mt.confidence, 0);
  const blocks: Block[] = [
    { kind: 'heading', level: 3, id: 'method-measured', text: c.t('method.measured.title') },
    {
      kind: 'list',
      items: [
        c.t('method.iso'),
        c.t('method.gas', { residual: c.f.integer(mt.tankResidualBar), rise: fig(c, mt.refuelMinRiseKg, 'kg') }),
        c.t('method.counters'),
        c.t('method.trips', { gap: c.f.duration(mt.gapS) }),
        c.t('method.bootstrap', {
          iterations: c.f.integer(mt.bootstrapIterations),
          seed: String(mt.bootstrapSeed),
          confidence: conf,
          minTrips: m.thresholds.minTripsPerVehicle,
        }),
        c.t('method.ratings', { confidence: conf, minutes: mt.ratingWindowMin, minRatings: m.thresholds.minRatingsPerVehicle }),
        c.t('method.cabin', {
          band: c.f.range(mt.cabinTempBandC[0], mt.cabinTempBandC[1], 'celsius', { digits: 0 }),
          co2: fig(c, mt.cabinCo2MaxPpm, 'ppm'),
        }),
        c.t('method.sensor', { tolerance: c.f.percent(mt.sensorTolerance, 0) }),
        c.t('method.range', { trips: mt.rangeTrips }),
      ],
    },
    { kind: 'heading', level: 3, id: 'method-quality', text: c.t('quality.title') },
    { kind: 'paragraph', text: c.t('quality.lead', { lowCoverage: c.f.percent(m.thresholds.lowCoverage, 0) }) },
  ];
  const missing = missingFor(c, 'quality');
  if (missing.length) blocks.push({ kind: 'list', tone: 'missing', items: missing.map((x) => missingText(c, x)) });

  const vehicles = [c.cand, c.ref];
  const days = (v: string) => m.quality.days.filter((d) => d.vehicleId === v);
  const total = (v: string, k: keyof QualityDay) =>
    days(v).reduce((s, d) => s + (typeof d[k] === 'number' ? (d[k] as number) : d[k] === true ? 1 : 0), 0);
  const coverage = (v: string) => {
    const ds = days(v).filter((d) => d.coverage !== null);
    // Weighted by what was received: the period's share of trip seconds with data.
    const w = ds.reduce((s, d) => s + d.receivedSeconds, 0);
    return w ? ds.reduce((s, d) => s + (d.coverage as number) * d.receivedSeconds, 0) / w : null;
  };
  const maxGap = (v: string) => Math.max(0, ...days(v).map((d) => d.maxGapS));
  const rows: Array<[string, (v: string) => string]> = [
    [c.t('quality.row.days'), (v) => c.t('quality.row.daysValue', { n: daysWithTelemetry(m, v), total: m.period.serviceDates.length })],
    [
      c.t('quality.row.coverage'),
      (v) => {
        const x = coverage(v);
        return x === null ? DASH : c.f.percent(x, 1);
      },
    ],
    [c.t('quality.row.gaps'), (v) => c.t('quality.row.gapsValue', { n: total(v, 'gaps'), duration: c.f.duration(total(v, 'gapSeconds')) })],
    [c.t('quality.row.maxGap'), (v) => c.f.duration(maxGap(v))],
    [c.t('quality.row.trips'), (v) => c.f.integer(total(v, 'trips'))],
    [c.t('quality.row.inferred'), (v) => c.f.integer(total(v, 'inferredTrips'))],
    [c.t('quality.row.withoutEnd'), (v) => c.f.integer(total(v, 'tripsWithoutEnd'))],
    [c.t('quality.row.clock'), (v) => c.f.integer(total(v, 'clockAnomalies'))],
    [
      c.t('quality.row.counter'),
      (v) => c.t('quality.row.counterValue', { resets: total(v, 'fuelCounterResets'), glitches: total(v, 'fuelCounterGlitches') }),
    ],
    [c.t('quality.row.fuelCheck'), (v) => c.f.integer(total(v, 'fuelDisagreement'))],
    [c.t('quality.row.duplicates'), (v) => c.f.integer(total(v, 'duplicates'))],
    [c.t('quality.row.deadLetters'), (v) => c.f.integer(total(v, 'deadLetters'))],
    [c.t('quality.row.sensor'), (v) => c.t('quality.row.sensorValue', { n: total(v, 'sensorChecks'), flagged: total(v, 'sensorFlags') })],
  ];
  blocks.push({
    kind: 'table',
    id: 'table-quality',
    caption: c.t('quality.table.caption'),
    head: [c.t('quality.table.indicator'), ...vehicles],
    numeric: [false, true, true],
    widths: [5, 3, 3],
    rows: rows.map(([label, value]) => [label, ...vehicles.map(value)]),
    queryIds: [m.quality.queryId, m.quality.sensorQueryId],
  });
  const dates = m.period.serviceDates;
  blocks.push(
    figure(
      'chart-coverage',
      c.t('quality.chart.caption'),
      c.t('quality.chart.alt', {
        items: vehicles
          .map((v) => {
            const none = dates.filter((d) => !days(v).some((x) => x.date === d && x.coverage !== null));
            return none.length
              ? c.t('quality.chart.altGaps', { vehicle: v, dates: none.map((d) => c.f.shortDate(d)).join(', ') })
              : c.t('quality.chart.altFull', { vehicle: v });
          })
          .join(sep(c)),
      }),
      {
        type: 'bar',
        width: 720,
        height: 240,
        percent: true,
        yMin: 0,
        yMax: 1,
        locale: c.f.locale,
        yTitle: c.t('quality.chart.y'),
        labels: dates.map((d) => c.f.shortDate(d)),
        datasets: vehicles.map((v) => ({
          label: v,
          color: v === c.cand ? PALETTE.candidate : PALETTE.reference,
          data: dates.map((d) => days(v).find((x) => x.date === d)?.coverage ?? 0),
        })),
      },
      [m.quality.queryId],
    ),
  );
  if (m.quality.deadLettersByCode.length) {
    blocks.push({
      kind: 'table',
      id: 'table-dead-letters',
      caption: c.t('quality.dead.caption'),
      small: true,
      head: [c.t('quality.dead.code'), c.t('quality.dead.n')],
      numeric: [false, true],
      widths: [4, 2],
      rows: m.quality.deadLettersByCode.map((d) => [d.code, c.f.integer(d.n)]),
      // Their own query when the model lists it (GET /api/v1/data-quality/dead-letters), else the data-quality query's.
      queryIds: [m.queries.some((q) => q.id === 'q-dead-letters') ? 'q-dead-letters' : m.quality.queryId],
    });
  }
  const feedback: TableBlock = {
    kind: 'table',
    id: 'table-feedback-quality',
    caption: c.t('quality.feedback.caption'),
    head: [
      c.t('table.vehicle'),
      c.t('quality.feedback.ratings'),
      c.t('quality.feedback.partial'),
      c.t('quality.feedback.context'),
      c.t('quality.feedback.questionnaires'),
    ],
    numeric: [false, true, true, true, true],
    rows: vehicles.map((v) => {
      const f = m.quality.feedback.find((x) => x.vehicleId === v);
      if (!f) return [v, DASH, DASH, DASH, DASH];
      const share = (x: number) => (f.ratings ? ` (${c.f.percent(x / f.ratings, 1)})` : '');
      return [
        v,
        c.f.integer(f.ratings),
        `${c.f.integer(f.partial)}${share(f.partial)}`,
        `${c.f.integer(f.contextComplete)}${share(f.contextComplete)}`,
        c.f.integer(f.questionnaires),
      ];
    }),
    queryIds: [m.quality.feedbackQueryId],
  };
  blocks.push(feedback);
  return { id: 'method', title: c.t('section.method'), blocks };
}

export function missingSection(c: Ctx): Section {
  const blocks: Block[] = c.missing.length
    ? [
        { kind: 'paragraph', text: c.t('missing.lead') },
        { kind: 'list', tone: 'missing', items: c.missing.map((x) => missingText(c, x)) },
      ]
    : [{ kind: 'paragraph', text: c.t('missing.none', { days: c.model.period.serviceDates.length }) }];
  return { id: 'missing', title: c.t('section.missing'), blocks };
}
