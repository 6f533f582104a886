/**
 * GNV-01 against DSL-01 (GET /api/v1/comparison): per criterion (fuel range, efficiency, driver
 * comfort, passenger comfort) each metric's means, the difference with its interval, and the
 * API's own verdict wording (only worded when the interval excludes zero). The chart shows each
 * difference relative to the reference's mean, so metrics of different units share one axis.
 */
import { h } from '../../lib/dom';
import { comparison, type ComparisonRow } from '../api/analytics';
import { csvUrl } from '../api/http';
import { t } from '../i18n';
import { COLOURS, intervalChart } from '../lib/charts';
import { isNumber, num, signed } from '../lib/format';
import { dataTable } from '../lib/table';
import { fill, heading, periodForm, periodOf, section, type PageContext } from '../page';

const CRITERIA = ['fuel_range', 'efficiency', 'driver_comfort', 'passenger_comfort'] as const;

const relative = (x: number, r: ComparisonRow) =>
  isNumber(r.reference.mean) && r.reference.mean !== 0 ? (x / Math.abs(r.reference.mean)) * 100 : null;

export async function render(ctx: PageContext): Promise<void> {
  const period = periodOf(ctx.query);
  const q = { from: period.from, to: period.to };
  const body = h('div');
  ctx.main.append(heading(t('nav.compare'), t('compare.intro')), periodForm(ctx, period), body);
  await fill(body, async () => {
    const rows = await comparison(q);
    const out: Node[] = [h('p', {}, h('a', { href: csvUrl('comparison', q), download: '', 'data-action': 'csv' }, t('table.csv')))];
    for (const c of CRITERIA) {
      const mine = rows.filter((r) => r.criterion === c);
      if (!mine.length) continue;
      const chart = intervalChart({
        title: t('compare.chartTitle', { criterion: t(`criterion.${c}`) }),
        description: t('compare.chartDesc'),
        fileName: `comparison-${c}`,
        pngLabel: t('chart.png'),
        axisLabel: t('compare.axis'),
        zero: true,
        // A metric without data on one side has no difference (null in the API): nothing to draw.
        items: mine
          .filter((r) => r.difference !== null && r.low !== null && r.high !== null)
          .map((r) => ({
            label: r.metric,
            estimate: relative(r.difference!, r),
            low: relative(r.low!, r),
            high: relative(r.high!, r),
            colour: !r.significant ? COLOURS[5] : (r.better === 'lower') === r.difference! < 0 ? COLOURS[2] : COLOURS[4],
          })),
      });
      out.push(
        section(
          t(`criterion.${c}`),
          h(
            'ul',
            { class: 'verdicts' },
            ...mine.map((r) =>
              h(
                'li',
                { class: r.significant ? 'significant' : 'not-significant' },
                h('span', { class: 'metric' }, `${r.metric} — `),
                r.verdict,
              ),
            ),
          ),
          chart.figure,
          dataTable<ComparisonRow>({
            caption: t('compare.tableCaption', { criterion: t(`criterion.${c}`) }),
            rows: mine,
            filter: false,
            columns: [
              { key: 'metric', wrap: true, label: t('col.metric'), value: (r) => r.metric, cell: (r) => `${r.metric} (${r.unit})` },
              {
                key: 'cand',
                label: 'GNV-01',
                numeric: true,
                value: (r) => r.candidate.mean,
                cell: (r) =>
                  `${num(r.candidate.mean, 3)} (n = ${r.candidate.n}${r.candidate.knownMissing ? `, ${t('col.knownMissing')} ${r.candidate.knownMissing}` : ''})`,
              },
              {
                key: 'ref',
                label: 'DSL-01',
                numeric: true,
                value: (r) => r.reference.mean,
                cell: (r) =>
                  `${num(r.reference.mean, 3)} (n = ${r.reference.n}${r.reference.knownMissing ? `, ${t('col.knownMissing')} ${r.reference.knownMissing}` : ''})`,
              },
              { key: 'diff', label: t('col.difference'), numeric: true, value: (r) => r.difference, cell: (r) => signed(r.difference, 3) },
              { key: 'ci', label: t('col.interval'), value: (r) => r.low, cell: (r) => `[${signed(r.low, 3)} ; ${signed(r.high, 3)}]` },
              {
                key: 'better',
                label: t('col.better'),
                value: (r) => r.better,
                cell: (r) => t(r.better === 'lower' ? 'compare.lower' : 'compare.higher'),
              },
              { key: 'method', wrap: true, label: t('col.method'), value: (r) => r.method },
            ],
          }),
        ),
      );
    }
    return out;
  });
}
