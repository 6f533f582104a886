/**
 * A coach's service day: its time series over 16 h (05:00–21:00 Paris, 2,000 points from the
 * API, decimated on screen), the refuels marked on the tank, and the day's trips.
 */
import { TRIAL_PERIOD } from '../../../../../libs/data/src/trial';
import { h } from '../../lib/dom';
import { csvUrl } from '../api/http';
import { refuels, seriesPath, vehicleSeries } from '../api/fleet';
import { kpis } from '../api/trips';
import { t } from '../i18n';
import { day, num, parisInstant, pct } from '../lib/format';
import { seriesCharts } from '../lib/series-charts';
import { CHART_FIELDS, DAY_HOURS, DAY_POINTS, DAY_START_H } from '../series-query';
import { errorBox, heading, loading, section, vehicleIds, type PageContext } from '../page';

export async function render(ctx: PageContext): Promise<void> {
  const VEHICLES = await vehicleIds(ctx);
  const vehicle = VEHICLES.includes(ctx.query.get('vehicle') ?? '') ? ctx.query.get('vehicle')! : (VEHICLES[0] ?? '');
  const date = /^\d{4}-\d{2}-\d{2}$/.test(ctx.query.get('date') ?? '') ? ctx.query.get('date')! : TRIAL_PERIOD.from;
  const from = parisInstant(date, DAY_START_H);
  const to = new Date(from.getTime() + DAY_HOURS * 3600_000);
  const form = h(
    'form',
    { class: 'period', 'aria-label': t('day.choose') },
    h('label', { for: 'day-vehicle' }, t('period.vehicle')),
    h('select', { id: 'day-vehicle', name: 'vehicle' }, ...VEHICLES.map((v) => h('option', { value: v, selected: v === vehicle }, v))),
    h('label', { for: 'day-date' }, t('col.day')),
    h('input', { type: 'date', id: 'day-date', name: 'date', value: date, min: TRIAL_PERIOD.from, max: TRIAL_PERIOD.to, required: true }),
    h('button', { type: 'submit', class: 'btn' }, t('period.apply')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    ctx.navigate(`/dashboard/day?vehicle=${encodeURIComponent(String(data.get('vehicle')))}&date=${String(data.get('date'))}`);
  });
  const summary = h('div', {}, loading());
  const charts = h('div', { class: 'charts' }, loading());
  const query = { fromTs: from.toISOString(), toTs: to.toISOString(), fields: CHART_FIELDS.join(','), maxPoints: DAY_POINTS };
  ctx.main.append(
    heading(t('day.title', { vehicle, day: day(date) }), t('day.intro', { hours: DAY_HOURS, points: DAY_POINTS })),
    form,
    h(
      'p',
      {},
      h('a', { href: `/dashboard/trips?from=${date}&to=${date}&vehicle=${encodeURIComponent(vehicle)}` }, t('day.trips')),
      ' · ',
      h('a', { href: csvUrl(seriesPath(vehicle), query), download: '', 'data-action': 'csv' }, t('table.csv')),
    ),
    section(t('day.summary'), summary),
    section(t('day.series'), charts),
  );
  const [k] = await kpis({ from: date, to: date, vehicleId: vehicle, groupBy: 'day' }).catch(() => []);
  summary.replaceChildren(
    k
      ? h(
          'dl',
          { class: 'facts facts-wide' },
          h('dt', {}, t('col.trips')),
          h('dd', {}, num(k.kpis.trips, 0)),
          h('dt', {}, t('col.km')),
          h('dd', {}, num(k.kpis.distanceKm, 1)),
          h('dt', {}, t('col.fuelPer100')),
          h('dd', {}, `${num(k.kpis.fuel.per100km, 1)} ${k.kpis.fuel.unit} (${num(k.kpis.fuel.used, 1)} ${k.kpis.fuel.unit})`),
          h('dt', {}, t('col.onTime')),
          h('dd', {}, pct(k.kpis.punctuality.onTimeShare)),
          h('dt', {}, t('col.coverage')),
          h('dd', {}, pct(k.kpis.coverage, 1)),
        )
      : h('p', { class: 'muted' }, t('day.noRollup')),
  );
  try {
    const [series, fills] = await Promise.all([
      vehicleSeries(vehicle, query.fromTs, query.toTs, CHART_FIELDS, DAY_POINTS),
      refuels({ from: date, to: date, vehicleId: vehicle }).catch(() => []),
    ]);
    if (!series.points.length) {
      charts.replaceChildren(h('p', { class: 'muted' }, t('day.noData')));
      return;
    }
    charts.replaceChildren(
      ...seriesCharts(series, {
        fileStem: `day-${vehicle}-${date}`,
        fuelUnit: k?.kpis.fuel.unit ?? (vehicle.startsWith('DSL') ? 'L' : 'kg'),
        refuels: fills,
        window: { from: from.getTime(), to: to.getTime() },
      }).map((c) => c.figure),
    );
  } catch (error) {
    charts.replaceChildren(errorBox(error));
  }
}
