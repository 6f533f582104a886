/**
 * Passengers: ratings by question per coach with n, known-missing answers, response rate and
 * CSAT (top-two-box) with its Wilson interval (GET /api/v1/analytics/ratings/summary); for
 * engineers only, ratings against the conditions measured before them (…/ratings/conditions) and
 * the passengers' comments (GET /api/v1/ratings), shown as text only.
 */
import { h } from '../../lib/dom';
import {
  ratingConditions,
  ratingsPage,
  ratingSummary,
  type RatingConditions,
  type RatingRecord,
  type RatingSummary,
} from '../api/analytics';
import { csvUrl } from '../api/http';
import { t } from '../i18n';
import { intervalChart, vehicleColour } from '../lib/charts';
import { dateTime, num, parisInstant, pct, signed } from '../lib/format';
import { dataTable } from '../lib/table';
import { fill, heading, periodForm, periodOf, section, vehicleIds, type PageContext } from '../page';
import { seesIndividuals } from '../routes';

const COMMENT_PAGES = 5;

type QuestionRow = RatingSummary['questions'][number] & { vehicleId: string };

export async function render(ctx: PageContext): Promise<void> {
  const period = periodOf(ctx.query);
  const summary = h('div');
  const conditions = h('div');
  const comments = h('div');
  ctx.main.append(
    heading(t('nav.passengers'), t('passengers.intro')),
    periodForm(ctx, period, { vehicles: await vehicleIds(ctx) }),
    summary,
  );
  if (seesIndividuals(ctx.me)) ctx.main.append(conditions, comments);
  await Promise.all([
    fill(summary, async () => summaryView(await ratingSummary(period), period)),
    seesIndividuals(ctx.me) ? fill(conditions, async () => conditionsView(await ratingConditions(period), period)) : Promise.resolve(),
    seesIndividuals(ctx.me) ? fill(comments, async () => commentsView(await loadComments(period), period)) : Promise.resolve(),
  ]);
}

function summaryView(rows: RatingSummary[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  const questions: QuestionRow[] = rows.flatMap((r) => r.questions.map((q) => ({ ...q, vehicleId: r.vehicleId })));
  const chart = intervalChart({
    title: t('passengers.chartTitle'),
    description: t('passengers.chartDesc'),
    fileName: 'csat',
    pngLabel: t('chart.png'),
    axisLabel: t('passengers.axis'),
    min: 0,
    max: 100,
    items: questions.map((q) => ({
      label: `${q.vehicleId} · ${t(`question.${q.question}` as 'question.overall')}`,
      estimate: q.csat.p === null ? null : q.csat.p * 100,
      low: q.csat.low === null ? null : q.csat.low * 100,
      high: q.csat.high === null ? null : q.csat.high * 100,
      colour: vehicleColour(q.vehicleId),
    })),
  });
  return [
    section(
      t('passengers.summary'),
      h(
        'ul',
        { class: 'response-rates' },
        ...rows.map((r) =>
          h(
            'li',
            {},
            t('passengers.responseRate', {
              vehicle: r.vehicleId,
              n: r.ratings,
              missing: r.knownMissing,
              carried: r.passengersCarried,
              rate: pct(r.responseRate.p, 1),
              low: pct(r.responseRate.low, 1),
              high: pct(r.responseRate.high, 1),
            }),
          ),
        ),
      ),
      chart.figure,
      dataTable<QuestionRow>({
        caption: t('passengers.tableCaption'),
        rows: questions,
        csvHref: csvUrl('analytics/ratings/summary', { ...period }),
        filter: false,
        columns: [
          { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
          { key: 'question', label: t('col.question'), value: (r) => t(`question.${r.question}` as 'question.overall') },
          { key: 'n', label: 'n', numeric: true, value: (r) => r.n },
          { key: 'missing', label: t('col.knownMissing'), numeric: true, value: (r) => r.knownMissing },
          { key: 'mean', label: t('col.mean'), numeric: true, value: (r) => r.mean, cell: (r) => num(r.mean, 2) },
          { key: 'csat', label: 'CSAT', numeric: true, value: (r) => r.csat.p, cell: (r) => pct(r.csat.p, 1) },
          { key: 'ci', label: t('col.wilson'), value: (r) => r.csat.low, cell: (r) => `[${pct(r.csat.low, 1)} ; ${pct(r.csat.high, 1)}]` },
        ],
      }),
    ),
  ];
}

function conditionsView(c: RatingConditions, period: { from: string; to: string; vehicleId?: string }): Node[] {
  return [
    section(
      t('passengers.conditions'),
      h('p', {}, t('passengers.conditionsIntro', { minutes: c.windowMinutes, n: c.ratings.length })),
      h(
        'ul',
        { class: 'verdicts' },
        ...c.links.map((l) => h('li', { class: l.significant ? 'significant' : 'not-significant' }, l.reading)),
      ),
      dataTable<RatingConditions['links'][number]>({
        caption: t('passengers.conditionsCaption'),
        rows: c.links,
        csvHref: csvUrl('analytics/ratings/conditions', { ...period }),
        filter: false,
        columns: [
          { key: 'condition', label: t('col.condition'), value: (r) => r.condition },
          {
            key: 'low',
            label: t('passengers.lowRatings'),
            numeric: true,
            value: (r) => r.lowRatings.mean,
            cell: (r) => `${num(r.lowRatings.mean, 2)} (n = ${r.lowRatings.n})`,
          },
          {
            key: 'high',
            label: t('passengers.highRatings'),
            numeric: true,
            value: (r) => r.highRatings.mean,
            cell: (r) => `${num(r.highRatings.mean, 2)} (n = ${r.highRatings.n})`,
          },
          { key: 'diff', label: t('col.difference'), numeric: true, value: (r) => r.difference, cell: (r) => signed(r.difference, 2) },
          { key: 'ci', label: t('col.interval'), value: (r) => r.low, cell: (r) => `[${signed(r.low, 2)} ; ${signed(r.high, 2)}]` },
        ],
      }),
    ),
  ];
}

/** Ratings with a comment, from the first pages of the period (oldest first; the CSV has every one). */
async function loadComments(period: { from: string; to: string; vehicleId?: string }): Promise<RatingRecord[]> {
  const from = parisInstant(period.from, 0).toISOString();
  const to = new Date(parisInstant(period.to, 0).getTime() + 86_400_000).toISOString();
  const out: RatingRecord[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < COMMENT_PAGES; i++) {
    const page = await ratingsPage({ vehicle: period.vehicleId, from, to, limit: 1000, cursor });
    out.push(...page.items.filter((r) => r.comment));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

function commentsView(rows: RatingRecord[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  return [
    section(
      t('passengers.comments'),
      dataTable<RatingRecord>({
        caption: t('passengers.commentsCaption'),
        rows,
        csvHref: csvUrl('ratings', {
          vehicle: period.vehicleId,
          from: parisInstant(period.from, 0).toISOString(),
          to: new Date(parisInstant(period.to, 0).getTime() + 86_400_000).toISOString(),
        }),
        filter: true,
        limit: 200,
        initialSort: { key: 'at', dir: 'descending' },
        columns: [
          { key: 'at', label: t('col.answeredAt'), value: (r) => Date.parse(r.answeredAt), cell: (r) => dateTime(r.answeredAt) },
          { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
          { key: 'overall', label: t('question.overall'), numeric: true, value: (r) => r.overall },
          { key: 'comment', wrap: true, label: t('col.comment'), value: (r) => r.comment ?? '' },
        ],
      }),
    ),
  ];
}
