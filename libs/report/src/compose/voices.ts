/** Passengers' voice (ratings, conditions, comments) and the drivers' questionnaire (aggregates only). */
import { PALETTE } from '../charts';
import type { Block, Section, TableBlock } from '../document';
import type { MessageKey } from '../i18n';
import { RATING_QUESTIONS } from '../model';
import { redactPersonalData } from '../redact';
import { type Ctx, DASH, fig, figure, missingFor, missingText, queryNote, sep, signedFig } from './context';

const CONDITION_UNITS = { floor_av: 'm_per_s2', cabin_noise_leq: 'db_a', cabin_temp_c: 'celsius', cabin_co2_ppm: 'ppm' } as const;

export function passengersSection(c: Ctx): Section {
  const p = c.model.passengers;
  const conf = c.f.percent(c.model.method.confidence, 0);
  const blocks: Block[] = [{ kind: 'paragraph', text: c.t('pax.lead') }];
  const missing = missingFor(c, 'passengers');
  if (missing.length) blocks.push({ kind: 'list', tone: 'missing', items: missing.map((m) => missingText(c, m)) });

  for (const vehicleId of [c.cand, c.ref]) {
    const v = p.perVehicle.find((x) => x.vehicleId === vehicleId);
    if (!v || v.ratings === 0) {
      blocks.push({ kind: 'paragraph', tone: 'missing', text: c.t('pax.vehicle.none', { vehicle: vehicleId }) });
      continue;
    }
    blocks.push({
      kind: 'paragraph',
      text: c.t('pax.vehicle', {
        vehicle: vehicleId,
        ratings: v.ratings,
        partial: v.partial,
        carried: v.passengersCarried,
        rate: v.responseRate ? c.f.percent(v.responseRate.p, 1) : DASH,
        rateRange: v.responseRate ? c.f.range(v.responseRate.low, v.responseRate.high, 'share') : DASH,
      }),
    });
    blocks.push({
      kind: 'table',
      id: `table-ratings-${vehicleId}`,
      caption: c.t('pax.table.caption', { vehicle: vehicleId }),
      head: [
        c.t('pax.table.question'),
        'n',
        c.t('pax.table.knownMissing'),
        c.t('pax.table.mean'),
        c.t('pax.table.csat'),
        c.t('pax.table.wilson', { confidence: conf }),
        c.t('pax.table.distribution'),
      ],
      numeric: [false, true, true, true, true, true, true],
      widths: [2.9, 1.1, 2.1, 1.6, 1.7, 2.6, 3.2],
      rows: v.questions.map((q) => [
        c.t(`question.${q.question}` as MessageKey),
        c.f.integer(q.n),
        c.f.integer(q.knownMissing),
        fig(c, q.mean, 'score'),
        q.csat ? c.f.percent(q.csat.p, 1) : DASH,
        q.csat ? c.f.range(q.csat.low, q.csat.high, 'share') : DASH,
        q.distribution.map((x) => c.f.integer(x)).join(' · '),
      ]),
      queryIds: [p.queryId],
    });
  }
  const withRatings = p.perVehicle.filter((v) => v.ratings > 0);
  if (withRatings.length) {
    blocks.push(
      figure(
        'chart-csat',
        c.t('pax.chart.caption', { confidence: conf }),
        c.t('pax.chart.alt', {
          items: withRatings
            .map((v) =>
              c.t('label.value', {
                label: v.vehicleId,
                value: v.questions
                  .map((q) => `${c.t(`question.${q.question}` as MessageKey)} ${q.csat ? c.f.percent(q.csat.p, 0) : DASH}`)
                  .join(', '),
              }),
            )
            .join(sep(c)),
        }),
        {
          type: 'bar',
          width: 720,
          height: 280,
          percent: true,
          yMin: 0,
          yMax: 1,
          locale: c.f.locale,
          yTitle: c.t('pax.chart.y'),
          labels: RATING_QUESTIONS.map((q) => c.t(`question.short.${q}` as MessageKey)),
          datasets: withRatings.map((v) => ({
            label: v.vehicleId,
            color: v.vehicleId === c.cand ? PALETTE.candidate : PALETTE.reference,
            data: RATING_QUESTIONS.map((q) => v.questions.find((x) => x.question === q)?.csat?.p ?? null),
            intervals: RATING_QUESTIONS.map((q) => {
              const s = v.questions.find((x) => x.question === q)?.csat;
              return s ? ([s.low, s.high] as [number, number]) : null;
            }),
          })),
        },
        [p.queryId],
      ),
    );
  }

  // How ratings follow measured conditions.
  const cond = p.conditions;
  blocks.push({ kind: 'heading', level: 3, id: 'passengers-conditions', text: c.t('pax.conditions.title') });
  blocks.push({ kind: 'paragraph', text: c.t('pax.conditions.lead', { minutes: cond.windowMinutes }) });
  if (cond.links.length) {
    blocks.push({
      kind: 'table',
      id: 'table-conditions',
      caption: c.t('pax.conditions.caption'),
      head: [
        c.t('pax.conditions.condition'),
        c.t('pax.conditions.low'),
        c.t('pax.conditions.high'),
        c.t('table.difference.plain'),
        c.t('table.interval', { confidence: conf }),
        c.t('table.reading'),
      ],
      numeric: [false, true, true, true, true, false],
      rows: cond.links.map((l) => {
        const unit = CONDITION_UNITS[l.condition];
        return [
          c.t(`condition.${l.condition}` as MessageKey),
          `${fig(c, l.lowRatings.mean, unit)} (n = ${c.f.integer(l.lowRatings.n)})`,
          `${fig(c, l.highRatings.mean, unit)} (n = ${c.f.integer(l.highRatings.n)})`,
          signedFig(c, l.difference, unit),
          l.low === null || l.high === null ? c.t('ci.none') : c.f.range(l.low, l.high, unit, { signed: true }),
          c.t(
            l.significant
              ? ((l.difference !== null && l.difference > 0
                  ? `condition.${l.condition}.higher`
                  : `condition.${l.condition}.lower`) as MessageKey)
              : 'condition.noLink',
          ),
        ];
      }),
      queryIds: [cond.queryId],
    });
  } else {
    blocks.push({ kind: 'paragraph', tone: 'missing', text: c.t('pax.conditions.none') });
  }
  for (const condition of ['floor_av', 'cabin_temp_c'] as const) {
    const bins = cond.bins.filter((b) => b.condition === condition);
    if (!bins.length) continue;
    const unit = CONDITION_UNITS[condition];
    const label = (b: (typeof bins)[number]) => c.f.range(b.from, b.to, unit, { digits: condition === 'floor_av' ? 1 : 0 });
    blocks.push(
      figure(
        `chart-bins-${condition.replace(/_/g, '-')}`,
        c.t('pax.bins.caption', { condition: c.t(`condition.${condition}` as MessageKey) }),
        c.t('pax.bins.alt', {
          items: bins
            .map((b) => c.t('label.value', { label: label(b), value: `${fig(c, b.meanOverall, 'score')} (n = ${c.f.integer(b.n)})` }))
            .join(sep(c)),
        }),
        {
          type: 'bar',
          width: 720,
          height: 230,
          locale: c.f.locale,
          yMin: 1,
          yMax: 5,
          yTitle: c.t('pax.bins.y'),
          xTitle: c.t(`condition.${condition}` as MessageKey),
          labels: bins.map(label),
          datasets: [{ label: c.t('pax.bins.y'), color: PALETTE.blue, data: bins.map((b) => b.meanOverall) }],
        },
        [cond.queryId],
      ),
    );
  }

  // A selection of comments, personal data removed (again) here.
  const com = p.comments;
  blocks.push({ kind: 'heading', level: 3, id: 'passengers-comments', text: c.t('pax.comments.title') });
  blocks.push({ kind: 'paragraph', text: c.t('pax.comments.lead', { total: com.total, shown: com.selected.length }) });
  for (const s of com.selected) {
    blocks.push({
      kind: 'quote',
      text: redactPersonalData(s.text).text,
      lang: s.language,
      cite: c.t('pax.comments.cite', {
        vehicle: s.vehicleId,
        when: c.f.shortDateTime(s.answeredAt),
        overall: s.overall,
        language: c.t(`language.${s.language}` as MessageKey),
      }),
    });
  }
  blocks.push({ kind: 'paragraph', tone: 'note', text: `${c.t('pax.comments.redaction')} ${queryNote(c, [com.queryId])}` });
  return { id: 'passengers', title: c.t('section.passengers'), blocks, uses: [com.queryId] };
}

export function driversSection(c: Ctx): Section {
  const d = c.model.drivers;
  const min = c.model.thresholds.minDriverAnswers;
  const conf = c.f.percent(c.model.method.confidence, 0);
  const blocks: Block[] = [{ kind: 'paragraph', text: c.t('drivers.lead', { min }) }];
  const missing = missingFor(c, 'drivers');
  if (missing.length) blocks.push({ kind: 'list', tone: 'missing', items: missing.map((m) => missingText(c, m)) });
  const of = (v: string) => d.perVehicle.find((x) => x.vehicleId === v);
  blocks.push({
    kind: 'list',
    items: [c.cand, c.ref].map((v) =>
      c.t('drivers.vehicle', { vehicle: v, questionnaires: of(v)?.questionnaires ?? 0, drivers: of(v)?.drivers ?? 0 }),
    ),
  });
  const questions = d.perVehicle[0]?.questions.map((q) => q.question) ?? [];
  const cell = (v: string, question: string): [string, string] => {
    const q = of(v)?.questions.find((x) => x.question === question);
    if (!q || q.n < min || q.mean === null) return [c.t('drivers.suppressed', { min }), DASH];
    return [
      fig(c, q.mean, 'score'),
      q.topTwoBox ? `${c.f.percent(q.topTwoBox.p, 0)} [${c.f.range(q.topTwoBox.low, q.topTwoBox.high, 'share', { digits: 0 })}]` : DASH,
    ];
  };
  if (questions.length) {
    blocks.push({
      kind: 'table',
      id: 'table-drivers',
      caption: c.t('drivers.table.caption', { min }),
      head: [
        c.t('drivers.table.item'),
        c.t('drivers.table.mean', { vehicle: c.cand }),
        c.t('drivers.table.top', { vehicle: c.cand, confidence: conf }),
        c.t('drivers.table.mean', { vehicle: c.ref }),
        c.t('drivers.table.top', { vehicle: c.ref, confidence: conf }),
      ],
      numeric: [false, true, true, true, true],
      widths: [3, 2, 3, 2, 3],
      rows: questions.map((q) => [c.t(`driverItem.${q}` as MessageKey), ...cell(c.cand, q), ...cell(c.ref, q)].map(String)),
      queryIds: [d.queryId],
    });
  }
  const totals = (v: string) => c.model.totals.find((t) => t.vehicleId === v);
  const objective: TableBlock = {
    kind: 'table',
    id: 'table-drivers-objective',
    caption: c.t('drivers.objective.caption'),
    head: [
      c.t('table.vehicle'),
      c.t('drivers.objective.seatAv'),
      c.t('drivers.objective.seatAwz'),
      c.t('drivers.objective.cabNoise'),
      c.t('drivers.objective.answersNoise'),
    ],
    numeric: [false, true, true, true, true],
    rows: [c.cand, c.ref].map((v) => [
      v,
      fig(c, totals(v)?.seat.av, 'm_per_s2'),
      fig(c, totals(v)?.seat.awz, 'm_per_s2'),
      fig(c, totals(v)?.cabNoiseLeqDbA, 'db_a'),
      cell(v, 'cabNoise')[0],
    ]),
    queryIds: [c.model.totals[0]?.queryId ?? d.queryId, d.queryId],
  };
  blocks.push(objective);
  return { id: 'drivers', title: c.t('section.drivers'), blocks };
}
