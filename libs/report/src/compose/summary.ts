/** The one-page summary: a verdict per criterion with its key figure and interval, and the CO2 balance. */
import { PALETTE } from '../charts';
import type { Block, Section, VerdictItem } from '../document';
import type { MessageKey } from '../i18n';
import { CRITERIA, type Co2Row } from '../model';
import { excludesZero, keyComparison } from '../rules';
import {
  bare,
  type Ctx,
  DASH,
  fig,
  figure,
  intervalText,
  missingText,
  pairFigures,
  queryNote,
  sep,
  signedFig,
  verdictSentence,
} from './context';

export function co2FuelName(c: Ctx, fuel: Co2Row['fuel']): string {
  return c.t(`co2.fuel.${fuel}` as MessageKey);
}

/** One sentence per gas scenario against diesel; a difference only where the interval excludes zero. */
export function co2Sentences(c: Ctx): Array<{ scope: 'ttw' | 'wtw'; text: string }> {
  const out: Array<{ scope: 'ttw' | 'wtw'; text: string }> = [];
  for (const r of c.model.co2.rows) {
    if (r.fuel === 'diesel' || !r.vsDiesel) continue;
    const gas = c.t(`co2.gas.${r.fuel}` as MessageKey);
    const unit = r.scope === 'ttw' ? 'kg_co2_per_km' : 'kg_co2e_per_km';
    const v = r.vsDiesel;
    if (r.kgPerKm === null || v.difference === null || v.relative === null) {
      out.push({ scope: r.scope, text: c.t('co2.unknown', { gas }) });
      continue;
    }
    const values = {
      gas,
      candidate: c.cand,
      relative: c.f.percent(Math.abs(v.relative), 1),
      difference: signedFig(c, v.difference, unit),
      interval: intervalText(c, v.low, v.high, unit),
      saved: fig(c, Math.abs(v.savedKg ?? 0), 'kg_co2e'),
      km: fig(c, c.model.co2.candidateKm, 'km'),
    };
    const scope = r.scope;
    const kind =
      v.low === null || v.high === null
        ? v.difference < 0
          ? 'lessNoInterval'
          : 'moreNoInterval'
        : !excludesZero(v.low, v.high)
          ? 'same'
          : v.difference < 0
            ? 'less'
            : 'more';
    out.push({ scope, text: c.t(`co2.${scope}.${kind}` as MessageKey, values) });
  }
  return out;
}

/** The CO2 table (every scenario, both scopes): in the summary and in the efficiency section. */
export function co2Table(c: Ctx): Block {
  const rows = c.model.co2.rows;
  const ttw = (fuel: 'diesel' | 'cng') => rows.find((r) => r.scope === 'ttw' && r.fuel === fuel);
  const wtw = rows.filter((r) => r.scope === 'wtw');
  const gasTtw = ttw('cng');
  const q = [c.model.co2.queryId, c.model.criteria.efficiency.comparisons[0]?.queryId ?? c.model.co2.queryId];
  const table: Block = {
    kind: 'table',
    id: 'table-co2',
    caption: c.t('co2.table.caption', { km: fig(c, c.model.co2.candidateKm, 'km'), candidate: c.cand }),
    head: [
      c.t('co2.table.fuel'),
      c.t('co2.table.ttw'),
      c.t('co2.table.wtw'),
      c.t('co2.table.vsDiesel'),
      c.t('co2.table.interval', { confidence: c.f.percent(c.model.method.confidence, 0) }),
      c.t('co2.table.saved'),
    ],
    numeric: [false, true, true, true, true, true],
    widths: [2.6, 2.6, 2, 2, 2.8, 2],
    rows: wtw.map((r) => {
      const t = r.fuel === 'diesel' ? ttw('diesel') : gasTtw;
      const v = r.vsDiesel;
      return [
        co2FuelName(c, r.fuel),
        bare(c, t?.kgPerKm, 'kg_co2_per_km'),
        bare(c, r.kgPerKm, 'kg_co2e_per_km'),
        v && v.relative !== null ? c.f.percent(v.relative, 1, true) : DASH,
        v && v.low !== null && v.high !== null
          ? `${c.f.signed(v.low, 3)} ${c.t('range.to')} ${c.f.signed(v.high, 3)}`
          : v
            ? c.t('ci.none')
            : DASH,
        v ? bare(c, v.savedKg, 'kg_co2e') : DASH,
      ];
    }),
    queryIds: q,
  };
  return table;
}

/** The CO2 sentences, the chart and the note on the mix (efficiency section). */
export function co2Details(c: Ctx): Block[] {
  const rows = c.model.co2.rows;
  const ttw = (fuel: 'diesel' | 'cng') => rows.find((r) => r.scope === 'ttw' && r.fuel === fuel);
  const wtw = rows.filter((r) => r.scope === 'wtw');
  const gasTtw = ttw('cng');
  const labels = wtw.map((r) => co2FuelName(c, r.fuel));
  const chart = figure(
    'chart-co2',
    c.t('co2.chart.caption'),
    c.t('co2.chart.alt', {
      items: wtw.map((r) => `${co2FuelName(c, r.fuel)} ${fig(c, r.kgPerKm, 'kg_co2e_per_km')}`).join(sep(c)),
      ttwDiesel: fig(c, ttw('diesel')?.kgPerKm, 'kg_co2_per_km'),
      ttwGas: fig(c, gasTtw?.kgPerKm, 'kg_co2_per_km'),
    }),
    {
      type: 'bar',
      width: 720,
      height: 300,
      labels,
      locale: c.f.locale,
      yTitle: c.t('co2.chart.y'),
      datasets: [
        {
          label: c.t('co2.chart.ttw'),
          color: PALETTE.light,
          data: wtw.map((r) => (r.fuel === 'diesel' ? (ttw('diesel')?.kgPerKm ?? null) : (gasTtw?.kgPerKm ?? null))),
        },
        {
          label: c.t('co2.chart.wtw'),
          color: PALETTE.candidate,
          data: wtw.map((r) => r.kgPerKm),
          intervals: wtw.map((r) => {
            const d = rows.find((x) => x.scope === 'wtw' && x.fuel === 'diesel')?.kgPerKm;
            const v = r.vsDiesel;
            return v && v.low !== null && v.high !== null && d !== null && d !== undefined ? [d + v.low, d + v.high] : null;
          }),
        },
      ],
    },
    [c.model.co2.queryId],
  );
  return [
    { kind: 'list', items: co2Sentences(c).map((x) => x.text) },
    chart,
    {
      kind: 'paragraph',
      tone: 'note',
      text: c.t('co2.note', {
        share: c.f.percent((c.model.sources.find((s) => s.id === 'ENERGY_FACTORS.renewableGasShareFr2018')?.value as number) ?? 0.123, 1),
      }),
    },
  ];
}

export function summarySection(c: Ctx): Section {
  const m = c.model;
  const cand = m.totals.find((x) => x.vehicleId === c.cand);
  const items: VerdictItem[] = CRITERIA.map((criterion) => {
    const row = keyComparison(m, criterion);
    const v = verdictSentence(c, row, m.criteria[criterion].keyMetric);
    return { criterion, title: c.t(`criterion.${criterion}` as MessageKey), verdict: v.text, figures: pairFigures(c, row), tone: v.tone };
  });
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      tone: 'lead',
      text: c.t(m.kind === 'final' ? 'summary.lead.final' : 'summary.lead.interim', {
        period: c.f.dateRange(m.period.from, m.period.to),
        from: c.f.date(m.period.from),
        to: c.f.date(m.period.to),
        candidate: c.cand,
        reference: c.ref,
        line: m.line.id,
        lineName: m.line.name,
        trips: cand?.trips ?? 0,
        km: fig(c, cand?.distanceKm, 'km'),
        days: m.period.serviceDates.length,
        asOf: c.f.dateTime(m.asOf),
      }),
    },
    { kind: 'verdicts', items },
    {
      kind: 'paragraph',
      tone: 'note',
      text: `${c.t('summary.rule', { confidence: c.f.percent(m.method.confidence, 0) })} ${queryNote(
        c,
        CRITERIA.flatMap((k) => m.criteria[k].comparisons.map((r) => r.queryId)),
      )}`,
    },
    { kind: 'heading', level: 3, id: 'summary-co2', text: c.t('co2.title') },
    co2Table(c),
    ...co2Sentences(c)
      .filter((x) => x.scope === 'ttw')
      .map((x): Block => ({ kind: 'paragraph', text: x.text })),
  ];
  if (c.missing.length) {
    blocks.push({ kind: 'heading', level: 3, id: 'summary-missing', text: c.t('summary.missing.title') });
    blocks.push({ kind: 'list', tone: 'missing', items: c.missing.map((x) => missingText(c, x)) });
  }
  return { id: 'summary', title: c.t('section.summary'), blocks };
}
