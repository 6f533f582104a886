/**
 * What every part of the composition shares: the model, the language's translator and
 * formatter, and the wording of the recurring pieces (a figure with its unit, a comparison's
 * verdict, an interval, a missing-data statement), so each is worded in one place.
 */
import { formatterFor, type Formatter } from '../format';
import { REPORT_CATALOGUES, reportTranslator, type MessageKey, type ReportLang, type Translate } from '../i18n';
import { findMissingData } from '../missing';
import { METRICS, type Comparison, type MetricId, type MissingData, type ReportModel, type Unit } from '../model';
import { verdictOf, type Verdict } from '../rules';
import type { Tone } from '../document';
import { renderChart, type ChartSpec } from '../charts';
import type { FigureBlock } from '../document';

export interface Ctx {
  model: ReportModel;
  lang: ReportLang;
  t: Translate<MessageKey>;
  f: Formatter;
  cand: string;
  ref: string;
  missing: MissingData[];
}

export function makeContext(model: ReportModel, lang: ReportLang): Ctx {
  return {
    model,
    lang,
    t: reportTranslator(lang),
    f: formatterFor(lang),
    cand: model.vehicles.candidate.id,
    ref: model.vehicles.reference.id,
    missing: findMissingData(model),
  };
}

export const DASH = '—';

/** A value with its unit, or a dash when there is none. */
export const fig = (c: Ctx, x: number | null | undefined, unit: Unit, digits?: number): string =>
  x === null || x === undefined ? DASH : c.f.unit(x, unit, { digits });

export const signedFig = (c: Ctx, x: number | null | undefined, unit: Unit, digits?: number): string =>
  x === null || x === undefined ? DASH : c.f.unit(x, unit, { digits, signed: true });

/** Digits for a difference: one more than the value's when the value has few. */
const diffDigits = (c: Ctx, unit: Unit) => c.f.digitsOf(unit);

export const metricName = (c: Ctx, m: MetricId): string => c.t(`metric.${m}.name` as MessageKey);

/** A number in a table whose unit is in the row or column label: digits of the unit, no symbol (shares stay percentages). */
export function bare(c: Ctx, x: number | null | undefined, unit: Unit, signed = false): string {
  if (x === null || x === undefined) return DASH;
  if (unit === 'share') return signed ? c.f.points(x) : c.f.percent(x, 1);
  const digits = c.f.digitsOf(unit);
  return signed ? c.f.signed(x, digits) : c.f.number(x, digits);
}

/** "l’énergie par kilomètre (MJ/km)": a label with its unit, for tables of bare numbers. */
export function withUnit(c: Ctx, label: string, unit: Unit): string {
  const sym = unit === 'share' ? '%' : c.f.unitSymbol(unit);
  return sym ? `${label} (${sym})` : label;
}
export const unitOf = (m: MetricId): Unit => METRICS[m].unit;
export const confidenceText = (c: Ctx): string => c.f.percent(c.model.method.confidence, 0);

/** "IC 95 % : −566 à −522 km" */
export function intervalText(c: Ctx, low: number | null, high: number | null, unit: Unit): string {
  if (low === null || high === null) return c.t('ci.none');
  return c.t('ci', { confidence: confidenceText(c), range: c.f.range(low, high, unit, { signed: true, digits: diffDigits(c, unit) }) });
}

export function differenceText(c: Ctx, row: Comparison): string {
  const unit = unitOf(row.metric);
  const d = signedFig(c, row.difference, unit, diffDigits(c, unit));
  // No relative difference for shares (points say it) nor decibels (a logarithmic scale).
  if (row.relativeDifference === null || unit === 'share' || unit === 'db_a') return d;
  return c.t('difference.withRelative', { difference: d, relative: c.f.percent(row.relativeDifference, 1, true) });
}

export const toneOf = (v: Verdict): Tone =>
  v.kind === 'better' ? 'better' : v.kind === 'worse' ? 'worse' : v.kind === 'not_told_apart' ? 'same' : 'insufficient';

/** The sentence a comparison supports — the one wording rule of the report. */
export function verdictSentence(c: Ctx, row: Comparison | undefined, metric: MetricId | null): { text: string; tone: Tone } {
  const v = verdictOf(row, c.model);
  const tone = toneOf(v);
  const name = metric ? metricName(c, metric) : c.t('metric.none');
  if (!row || v.kind === 'insufficient') {
    const reason =
      v.kind === 'insufficient' && v.vehicleId
        ? c.t('verdict.insufficient.n', { vehicle: v.vehicleId, n: v.n, required: v.required })
        : c.t('verdict.insufficient.none');
    return { text: c.t('verdict.insufficient', { metric: name, reason }), tone };
  }
  const unit = unitOf(row.metric);
  const values = {
    candidate: c.cand,
    reference: c.ref,
    metric: name,
    difference: differenceText(c, row),
    interval: intervalText(c, row.low, row.high, unit),
  };
  if (v.kind === 'not_told_apart') return { text: c.t('verdict.notToldApart', values), tone };
  const words = c.t(`metric.${row.metric}.${v.kind}` as MessageKey);
  return { text: c.t('verdict.difference', { ...values, words }), tone };
}

/** "GNV-01 : 606 km · DSL-01 : 1 150 km (166 et 173 trajets)" */
export function pairFigures(c: Ctx, row: Comparison | undefined): string {
  if (!row) return c.t('figures.none');
  const unit = unitOf(row.metric);
  return c.t(row.metric === 'csat_overall' ? 'figures.pairRatings' : 'figures.pair', {
    candidate: c.cand,
    candidateValue: fig(c, row.candidate.mean, unit),
    candidateN: row.candidate.n,
    reference: c.ref,
    referenceValue: fig(c, row.reference.mean, unit),
    referenceN: row.reference.n,
  });
}

export function readingOf(c: Ctx, row: Comparison): string {
  return c.t(`reading.${toneOf(verdictOf(row, c.model))}` as MessageKey);
}

/** One missing-data statement with what it does to the verdicts. */
export function missingText(c: Ctx, m: MissingData): string {
  switch (m.kind) {
    case 'no_telemetry':
      return c.t('missing.no_telemetry', { vehicle: m.vehicleId, date: c.f.weekdayDate(m.date) });
    case 'low_coverage':
      return c.t('missing.low_coverage', { vehicle: m.vehicleId, date: c.f.weekdayDate(m.date), coverage: c.f.percent(m.coverage, 1) });
    case 'no_ratings':
      return c.t('missing.no_ratings', { vehicle: m.vehicleId });
    case 'too_few_driver_answers':
      return c.t('missing.too_few_driver_answers', { vehicle: m.vehicleId, n: m.n, required: m.required });
    case 'not_enough_data':
      return c.t('missing.not_enough_data', {
        vehicle: m.vehicleId,
        metric: metricName(c, m.metric),
        criterion: c.t(`criterion.${m.criterion}` as MessageKey),
        n: m.n,
        required: m.required,
      });
    case 'no_tank_interval':
      return c.t('missing.no_tank_interval', { vehicle: m.vehicleId, refuels: m.refuels });
    case 'source_unavailable':
      return c.t('missing.source_unavailable', { query: m.queryId, what: queryWhat(c, m.queryId) });
  }
}

/** Missing-data statements that bear on one part of the report. */
export function missingFor(
  c: Ctx,
  part: 'summary' | 'fuel_range' | 'efficiency' | 'driver_comfort' | 'passenger_comfort' | 'passengers' | 'drivers' | 'quality',
): MissingData[] {
  return c.missing.filter((m) => {
    switch (m.kind) {
      case 'no_telemetry':
        return part !== 'passengers' && part !== 'drivers';
      case 'low_coverage':
        return part === 'quality';
      case 'no_ratings':
        return part === 'passenger_comfort' || part === 'passengers';
      case 'too_few_driver_answers':
        return part === 'drivers';
      case 'not_enough_data':
        return part === m.criterion;
      case 'no_tank_interval':
        return part === 'fuel_range';
      case 'source_unavailable':
        return part === 'quality';
    }
  });
}

export const queryNote = (c: Ctx, ids: readonly string[]): string => c.t('query.note', { ids: [...new Set(ids)].join(', ') });

/** A figure block: the chart drawn now, its caption and its text equivalent. */
export function figure(id: string, caption: string, alt: string, chart: Omit<ChartSpec, 'id'>, queryIds: string[]): FigureBlock {
  const spec = { ...chart, id };
  return { kind: 'figure', id, caption, alt, chart: spec, svg: renderChart(spec), queryIds };
}

export const vehicleOrder = (c: Ctx): [string, string] => [c.cand, c.ref];

/** Separator of items in one sentence: " ; " with a narrow no-break space in French, "; " in English. */
export const sep = (c: Ctx): string => (c.lang === 'fr' ? '\u202f; ' : '; ');

/** What a query gives, in words; a query the catalogue does not know is named by its path. */
export function queryWhat(c: Ctx, id: string): string {
  const key = `query.${id}`;
  if (key in REPORT_CATALOGUES[c.lang]) return c.t(key as MessageKey);
  return c.model.queries.find((q) => q.id === id)?.path ?? id;
}
