/**
 * Trips of a period (GET /api/v1/trips): a sortable, filterable table with each trip's figures,
 * a link to its detail, and the same rows as CSV from the API.
 */
import { h } from '../../lib/dom';
import { csvUrl } from '../api/http';
import { trips, type TripSummary } from '../api/trips';
import { t } from '../i18n';
import { dateTime, num, pct } from '../lib/format';
import { dataTable } from '../lib/table';
import { fill, heading, periodForm, periodOf, vehicleIds, type PageContext } from '../page';

export async function render(ctx: PageContext): Promise<void> {
  const period = periodOf(ctx.query);
  const direction = ctx.query.get('direction');
  const q = { ...period, direction: direction === '0' || direction === '1' ? (Number(direction) as 0 | 1) : undefined, limit: 10_000 };
  const body = h('div');
  ctx.main.append(heading(t('nav.trips'), t('trips.intro')), periodForm(ctx, period, { vehicles: await vehicleIds(ctx) }), body);
  await fill(body, async () => {
    const rows = await trips(q);
    return dataTable<TripSummary>({
      caption: t('trips.caption', { from: period.from, to: period.to }),
      rows,
      csvHref: csvUrl('trips', { ...q }),
      csvName: `trips-${period.from}-${period.to}.csv`,
      filter: true,
      initialSort: { key: 'start', dir: 'ascending' },
      columns: [
        { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
        {
          key: 'start',
          label: t('col.start'),
          value: (r) => Date.parse(r.startTs),
          cell: (r) =>
            h('a', { href: `/dashboard/trips/${encodeURIComponent(r.vehicleId)}/${encodeURIComponent(r.tripKey)}` }, dateTime(r.startTs)),
        },
        { key: 'trip', label: t('col.trip'), value: (r) => r.reportedTripId ?? r.gtfsTripId ?? '' },
        {
          key: 'direction',
          label: t('col.direction'),
          value: (r) => r.direction,
          cell: (r) => (r.direction === 0 ? t('live.dir0') : r.direction === 1 ? t('live.dir1') : '—'),
        },
        { key: 'driver', label: t('col.driver'), value: (r) => r.driverId ?? '' },
        {
          key: 'inferred',
          label: t('col.inferred'),
          value: (r) => (r.inferred ? 1 : 0),
          cell: (r) => (r.inferred ? t('common.yes') : r.endInferred ? t('trips.endInferred') : t('common.no')),
        },
        { key: 'km', label: t('col.km'), numeric: true, value: (r) => r.distanceKm, cell: (r) => num(r.distanceKm, 1) },
        { key: 'min', label: t('col.minutes'), numeric: true, value: (r) => r.durationMin, cell: (r) => num(r.durationMin, 0) },
        {
          key: 'fuel',
          label: t('col.fuelPer100'),
          numeric: true,
          value: (r) => r.kpis.fuel.per100km,
          cell: (r) => `${num(r.kpis.fuel.per100km, 1)} ${r.kpis.fuel.unit}`,
        },
        {
          key: 'delay',
          label: t('col.meanDelay'),
          numeric: true,
          value: (r) => r.kpis.punctuality.meanDelayS,
          cell: (r) => num((r.kpis.punctuality.meanDelayS ?? NaN) / 60, 1),
        },
        {
          key: 'ontime',
          label: t('col.onTime'),
          numeric: true,
          value: (r) => r.kpis.punctuality.onTimeShare,
          cell: (r) => pct(r.kpis.punctuality.onTimeShare),
        },
        {
          key: 'floor',
          label: t('col.floorAv'),
          numeric: true,
          value: (r) => r.kpis.passengerComfort.av,
          cell: (r) => num(r.kpis.passengerComfort.av, 3),
        },
        {
          key: 'noise',
          label: t('col.cabinNoise'),
          numeric: true,
          value: (r) => r.kpis.passengerComfort.cabinNoiseLeqDbA,
          cell: (r) => num(r.kpis.passengerComfort.cabinNoiseLeqDbA, 1),
        },
      ],
    });
  });
}
