/**
 * One trip (GET /api/v1/trips/{vehicleId}/{tripKey} and its series): identity, figures, the delay
 * at each stop against the GTFS timetable (a table and a chart), and the trip's time series.
 */
import { h } from '../../lib/dom';
import { buildTrips, PATTERNS, stopById } from '../../../../../libs/data/src/line101';
import { csvUrl } from '../api/http';
import { refuels } from '../api/fleet';
import { trip, tripPath, tripSeries, type TripDetail } from '../api/trips';
import { t } from '../i18n';
import { COLOURS, intervalChart } from '../lib/charts';
import { dateTime, day, num, pct, time } from '../lib/format';
import { seriesCharts } from '../lib/series-charts';
import { CHART_FIELDS } from '../series-query';
import { dataTable } from '../lib/table';
import { errorBox, heading, loading, section, type PageContext } from '../page';

interface StopDelay {
  index: number;
  stopId: string;
  name: string;
  scheduled: string | null;
  delayS: number | null;
}

/**
 * The trip's stops in its order, from the GTFS trip it was matched to (or its direction's
 * pattern). The API lists the delays of the stops served, in order, without naming them: when
 * every stop was served they pair one to one; otherwise the stops cannot be named (`named` false).
 */
function stopsOf(tr: TripDetail): { stops: StopDelay[]; named: boolean } {
  const gtfs = tr.gtfsTripId ? buildTrips().find((x) => x.tripId === tr.gtfsTripId) : undefined;
  const ids: readonly string[] = gtfs
    ? gtfs.stopTimes.map((s) => s.stopId)
    : tr.direction === 1
      ? [...PATTERNS.lunel.stopIds].reverse()
      : PATTERNS.lunel.stopIds;
  const midnight = Date.parse(`${tr.serviceDate}T00:00:00Z`);
  const delays: number[] = tr.delaysS;
  if (delays.length !== ids.length) {
    return {
      named: false,
      stops: delays.map((d: number, i: number) => ({ index: i + 1, stopId: '', name: '—', scheduled: null, delayS: d })),
    };
  }
  const stops = ids.map((stopId, i) => {
    const st = gtfs?.stopTimes[i];
    const local = st ? new Date(midnight + st.departureS * 1000) : null;
    return {
      index: i + 1,
      stopId,
      name: stopById(stopId).name,
      scheduled: local ? `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}` : null,
      delayS: delays[i] ?? null,
    };
  });
  return { stops, named: true };
}

export async function render(ctx: PageContext): Promise<void> {
  const { vehicleId, tripKey } = ctx.params;
  ctx.main.append(loading());
  let tr: TripDetail;
  try {
    tr = await trip(vehicleId, tripKey);
  } catch (error) {
    ctx.main.replaceChildren(heading(t('page.trip')), errorBox(error));
    return;
  }
  const k = tr.kpis;
  const { stops, named } = stopsOf(tr);
  const facts = h(
    'dl',
    { class: 'facts facts-wide' },
    h('dt', {}, t('col.vehicle')),
    h('dd', {}, tr.vehicleId),
    h('dt', {}, t('col.day')),
    h('dd', {}, day(tr.serviceDate)),
    h('dt', {}, t('col.start')),
    h('dd', {}, dateTime(tr.startTs)),
    h('dt', {}, t('col.end')),
    h('dd', {}, `${dateTime(tr.endTs)}${tr.endInferred ? ` (${t('trips.endInferred')})` : ''}`),
    h('dt', {}, t('col.direction')),
    h('dd', {}, tr.direction === 0 ? t('live.dir0') : tr.direction === 1 ? t('live.dir1') : '—'),
    h('dt', {}, t('col.trip')),
    h('dd', {}, `${tr.reportedTripId ?? '—'} (GTFS ${tr.gtfsTripId ?? '—'}, ${tr.gtfsMatch ?? '—'})`),
    h('dt', {}, t('col.driver')),
    h('dd', {}, tr.driverId ?? '—'),
    h('dt', {}, t('col.km')),
    h('dd', {}, num(tr.distanceKm, 1)),
    h('dt', {}, t('col.fuelPer100')),
    h('dd', {}, `${num(k.fuel.per100km, 1)} ${k.fuel.unit} (${num(k.fuel.used, 1)} ${k.fuel.unit})`),
    h('dt', {}, t('col.onTime')),
    h('dd', {}, pct(k.punctuality.onTimeShare)),
    h('dt', {}, t('col.floorAv')),
    h('dd', {}, `${num(k.passengerComfort.av, 3)} m/s²`),
    h('dt', {}, t('col.cabinNoise')),
    h('dd', {}, `${num(k.passengerComfort.cabinNoiseLeqDbA, 1)} dB(A)`),
  );
  const delays = dataTable<StopDelay>({
    caption: t('trip.delaysCaption'),
    rows: stops,
    filter: false,
    columns: [
      { key: 'i', label: '#', numeric: true, value: (r) => r.index },
      { key: 'stop', label: t('col.stop'), value: (r) => r.name },
      { key: 'scheduled', label: t('col.scheduled'), value: (r) => r.scheduled ?? '' },
      {
        key: 'delay',
        label: t('col.delayMin'),
        numeric: true,
        value: (r) => r.delayS,
        cell: (r) => (r.delayS === null ? t('trip.notServed') : num(r.delayS / 60, 1)),
      },
    ],
  });
  const delayChart = intervalChart({
    title: t('trip.delayChart'),
    description: t('trip.delayChartDesc'),
    fileName: `delays-${tr.vehicleId}-${tr.tripKey}`,
    pngLabel: t('chart.png'),
    axisLabel: t('col.delayMin'),
    zero: true,
    items: stops.map((s) => ({
      label: `${s.index}. ${s.name.replace(/^.*, /, '')}`,
      estimate: s.delayS === null ? null : s.delayS / 60,
      low: s.delayS === null ? null : Math.min(0, s.delayS / 60),
      high: s.delayS === null ? null : Math.max(0, s.delayS / 60),
      colour: COLOURS[0],
    })),
  });
  const chartsBox = h('div', { class: 'charts' }, loading());
  ctx.main.replaceChildren(
    heading(t('trip.title', { vehicle: tr.vehicleId, time: time(tr.startTs, false), day: day(tr.serviceDate) })),
    h(
      'p',
      {},
      h(
        'a',
        { href: `/dashboard/trips?from=${tr.serviceDate}&to=${tr.serviceDate}&vehicle=${encodeURIComponent(tr.vehicleId)}` },
        t('trip.back'),
      ),
      ' · ',
      h('a', { href: `/dashboard/day?vehicle=${encodeURIComponent(tr.vehicleId)}&date=${tr.serviceDate}` }, t('live.dayLink')),
    ),
    section(t('trip.figures'), facts),
    section(
      t('trip.delays'),
      named ? null : h('p', { class: 'notice' }, t('trip.unnamedStops', { served: stops.length })),
      delays,
      delayChart.figure,
    ),
    section(
      t('trip.series'),
      h(
        'p',
        {},
        h(
          'a',
          {
            href: csvUrl(`${tripPath(tr.vehicleId, tr.tripKey)}/series`, { fields: CHART_FIELDS.join(','), maxPoints: 1000 }),
            download: '',
            'data-action': 'csv',
          },
          t('table.csv'),
        ),
      ),
      chartsBox,
    ),
  );
  try {
    const [series, fills] = await Promise.all([
      tripSeries(tr.vehicleId, tr.tripKey, CHART_FIELDS, 1000),
      refuels({ from: tr.serviceDate, to: tr.serviceDate, vehicleId: tr.vehicleId }).catch(() => []),
    ]);
    const within = fills.filter((r) => r.ts >= tr.startTs && r.ts <= tr.endTs);
    chartsBox.replaceChildren(
      ...seriesCharts(series, { fileStem: `trip-${tr.vehicleId}-${tr.tripKey}`, fuelUnit: k.fuel.unit, refuels: within }).map(
        (c) => c.figure,
      ),
    );
  } catch (error) {
    chartsBox.replaceChildren(errorBox(error));
  }
}
