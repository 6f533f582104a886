/** Recommendations (each with the figures it rests on), the sources of every factor, and the queries behind every number. */
import type { Block, Section } from '../document';
import type { MessageKey } from '../i18n';
import type { ApiQuery, Recommendation } from '../model';
import { type Ctx, queryWhat, sep } from './context';

function figureValue(c: Ctx, f: Recommendation['figures'][number]): string {
  if (f.unit === 'share') return f.ref.startsWith('csat_') ? c.f.points(f.value) : c.f.percent(f.value, 1);
  return c.f.unit(f.value, f.unit);
}

export function recommendationsSection(c: Ctx): Section {
  const recs = c.model.recommendations;
  const blocks: Block[] = recs.length
    ? [
        {
          kind: 'list',
          ordered: true,
          items: recs.map((r) => {
            const values = Object.fromEntries(r.figures.map((f) => [f.ref, figureValue(c, f)]));
            const basis = r.figures
              .map((f) =>
                c.t('rec.basisItem', { figure: c.t(`figure.${f.ref}` as MessageKey), value: figureValue(c, f), query: f.queryId }),
              )
              .join(sep(c));
            return `${c.t(`rec.${r.id}` as MessageKey, { ...values, candidate: c.cand, reference: c.ref })} ${c.t('rec.basis', { basis })}`;
          }),
        },
      ]
    : [{ kind: 'paragraph', text: c.t('rec.none') }];
  return {
    id: 'recommendations',
    title: c.t('section.recommendations'),
    blocks,
    uses: recs.flatMap((r) => r.figures.map((f) => f.queryId)),
  };
}

export function sourcesSection(c: Ctx): Section {
  const v = c.model.dataVersions;
  return {
    id: 'sources',
    title: c.t('section.sources'),
    blocks: [
      { kind: 'paragraph', text: c.t('sources.lead', { factors: v.energyFactors, vehicles: v.vehicles, line: v.line }) },
      {
        kind: 'table',
        id: 'table-sources',
        caption: c.t('sources.caption'),
        small: true,
        head: [c.t('sources.id'), c.t('sources.value'), c.t('sources.status'), c.t('sources.source')],
        numeric: [false, true, false, false],
        widths: [4, 2.2, 1.6, 6],
        // libs/data words its sources in English.
        columnLang: [null, null, null, 'en'],
        rows: c.model.sources.map((s) => [
          s.id,
          typeof s.value === 'number'
            ? `${c.f.number(s.value, Number.isInteger(s.value) ? 0 : Math.min(4, decimalsOf(s.value)))}${s.unit && s.unit !== '1' ? `${c.f.unitSpace}${s.unit}` : ''}`
            : s.value,
          c.t(`source.status.${s.status}` as MessageKey),
          s.source,
        ]),
        queryIds: [],
      },
    ],
  };
}

const decimalsOf = (x: number) => {
  const s = String(x);
  return s.includes('.') ? s.split('.')[1].length : 0;
};

/** GET /api/v1/comparison?from=…&to=… — the request exactly as the API takes it. */
export function requestOf(q: ApiQuery): string {
  const params = Object.entries(q.params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `GET ${q.path}${params.length ? `?${params.join('&')}` : ''}`;
}

export function queriesSection(c: Ctx, usedIn: Map<string, string[]>): Section {
  return {
    id: 'queries',
    title: c.t('section.queries'),
    blocks: [
      { kind: 'paragraph', text: c.t('queries.lead') },
      {
        kind: 'table',
        id: 'table-queries',
        caption: c.t('queries.caption'),
        small: true,
        head: [c.t('queries.id'), c.t('queries.what'), c.t('queries.request'), c.t('queries.usedIn')],
        numeric: [false, false, false, false],
        widths: [2.2, 3.4, 6, 3],
        rows: c.model.queries.map((q) => [q.id, queryWhat(c, q.id), requestOf(q), (usedIn.get(q.id) ?? []).join(', ') || '—']),
        queryIds: [],
      },
    ],
  };
}
