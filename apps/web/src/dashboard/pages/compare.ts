/**
 * The trial's candidates against its references (GET /api/v1/comparison, which follows the trial
 * configuration): per candidate group and criterion (fuel range, efficiency, driver comfort,
 * passenger comfort) each metric's means, the difference with its interval, and the API's own
 * verdict wording (only worded when the interval excludes zero). Every name shown comes from the
 * answer's groups: a vehicle's id, or a pooled group named by its powertrain and size. The chart
 * shows each difference relative to the reference's mean, so metrics of different units share one axis.
 */
import { h } from '../../lib/dom';
import { comparison, type ComparisonRow } from '../api/analytics';
import type { ComparisonGroup } from '../api/contract';
import { csvUrl } from '../api/http';
import { t } from '../i18n';
import { COLOURS, intervalChart } from '../lib/charts';
import { isNumber, num, signed } from '../lib/format';
import { dataTable } from '../lib/table';
import { fill, heading, periodForm, periodOf, section, type PageContext } from '../page';

const CRITERIA = ['fuel_range', 'efficiency', 'driver_comfort', 'passenger_comfort'] as const;

/** A group as the page names it: the vehicle's id, or the pool in words of the page's language. */
export function groupName(g: ComparisonGroup): string {
  if (g.vehicleIds.length === 1) return g.vehicleIds[0];
  if (g.id === 'references') return t('compare.group.references', { n: g.vehicleIds.length });
  const powertrain = g.powertrain === 'cng' || g.powertrain === 'diesel' ? t(`fuel.${g.powertrain}`) : (g.powertrain ?? '');
  return t('compare.group.candidates', { powertrain, n: g.vehicleIds.length });
}

/** The rows of each candidate group, in the answer's order. */
function byGroup(rows: ComparisonRow[]): ComparisonRow[][] {
  const groups = new Map<string, ComparisonRow[]>();
  for (const r of rows) groups.set(r.groups.candidate.id, [...(groups.get(r.groups.candidate.id) ?? []), r]);
  return [...groups.values()];
}

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
    const groups = byGroup(rows);
    for (const group of groups) {
      const names = { candidate: groupName(group[0].groups.candidate), reference: groupName(group[0].groups.reference) };
      out.push(
        h(
          'p',
          { class: 'compare-groups', 'data-group': group[0].groups.candidate.id },
          t('compare.groupTitle', names),
          ...[group[0].groups.candidate, group[0].groups.reference]
            .filter((g) => g.vehicleIds.length > 1)
            .map((g) => h('span', { class: 'members' }, ` ${t('compare.members', { group: groupName(g), ids: g.vehicleIds.join(', ') })}`)),
        ),
      );
      out.push(...criteriaSections(group, names, groups.length > 1));
    }
    return out;
  });
}

/** One section per criterion of one candidate group; the group's name in the title when there are several. */
function criteriaSections(rows: ComparisonRow[], names: { candidate: string; reference: string }, named: boolean): Node[] {
  const out: Node[] = [];
  for (const c of CRITERIA) {
    const mine = rows.filter((r) => r.criterion === c);
    if (!mine.length) continue;
    const chart = intervalChart({
      title: t('compare.chartTitle', { criterion: t(`criterion.${c}`), ...names }),
      description: t('compare.chartDesc', names),
      fileName: `comparison-${named ? `${rows[0].groups.candidate.id.replace(/[^\w-]/g, '-')}-` : ''}${c}`,
      pngLabel: t('chart.png'),
      axisLabel: t('compare.axis', names),
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
        named ? `${t(`criterion.${c}`)} — ${names.candidate}` : t(`criterion.${c}`),
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
              label: names.candidate,
              numeric: true,
              value: (r) => r.candidate.mean,
              cell: (r) =>
                `${num(r.candidate.mean, 3)} (n = ${r.candidate.n}${r.candidate.knownMissing ? `, ${t('col.knownMissing')} ${r.candidate.knownMissing}` : ''})`,
            },
            {
              key: 'ref',
              label: names.reference,
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
}
