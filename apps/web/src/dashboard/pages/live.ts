/**
 * Live: line 101's diagram with both coaches placed by distance along the line, and one card per
 * coach. The first state comes from the API (vehicles, a short series for the cabin and comfort,
 * today's trips and KPIs, the latest ratings); then every committed sample, event and status is
 * pushed by the live stream (libs/contract/src/live.ts: the latest sample of each coach per ingest
 * batch, with the tank's gas mass computed by the server) and shown at once, without reloading.
 * Figures with no live message are computed here from the samples where that is honest (next
 * stop, comfort class, consumption of the current trip from the fuel counter); the remaining
 * range is re-read from the API at most every 5 s while samples arrive.
 */
import { COMFORT_CLASSES, comfortClassIndex, totalVibrationValue } from '../../../../../libs/domain/src/iso2631';
import { h } from '../../lib/dom';
import { ratingsPage, type RatingRecord } from '../api/analytics';
import type { LiveMessage, LiveTelemetry } from '../api/contract';
import { ApiError } from '../api/http';
import { vehicles, vehicleSeries, type VehicleState } from '../api/fleet';
import { kpis, trips, type TripSummary } from '../api/trips';
import { language, t } from '../i18n';
import { dateTime, isNumber, num, parisDate, time, unit } from '../lib/format';
import { LineDiagram } from '../lib/line-diagram';
import { line101, nextStop, projectOnLine } from '../lib/line-geometry';
import { errorBox, heading, type PageContext } from '../page';
import { seesIndividuals } from '../routes';

/** Farther than this from the road, a coach is at the depot or the gas station: not drawn on the line. */
const OFF_LINE_M = 400;
const REFRESH_MS = 5_000;
const RATINGS_SHOWN = 3;

interface CurrentTrip {
  tripId: string | null;
  direction: 0 | 1 | null;
  startTs: string;
  /** Fuel counter and odometer at the trip's start (for its consumption so far). */
  fuelAtStart: number | null;
  kmAtStart: number | null;
}

interface CoachState {
  v: VehicleState;
  sample: {
    ts: string;
    lat: number | null;
    lon: number | null;
    speedKmh: number | null;
    passengers: number | null;
    cabinTempC: number | null;
    co2Ppm: number | null;
    noiseDbA: number | null;
    seatAv: number | null;
    floorAv: number | null;
    fuelCounter: number | null;
    odometerKm: number | null;
    /** Gas in the tank (CNG, server-computed) and the gauge, from the latest pushed sample. */
    tankMassKg: number | null;
    levelPct: number | null;
  } | null;
  trip: CurrentTrip | null;
  lastStopId: string | null;
  day: { used: number | null; per100km: number | null; unit: string } | null;
  ratings: RatingRecord[];
  refreshing: boolean;
  lastRefresh: number;
}

export async function render(ctx: PageContext): Promise<void> {
  const g = line101();
  const diagram = new LineDiagram(g, { title: t('live.diagramTitle'), directions: [t('live.dir0'), t('live.dir1')] });
  const positions = h('ul', { class: 'positions', id: 'positions' });
  const cards = h('div', { class: 'cards' });
  const status = h('p', { class: 'live-status', role: 'status', id: 'live-status' });
  ctx.main.append(
    heading(t('nav.live'), t('live.intro')),
    h(
      'section',
      { class: 'panel diagram-panel', 'aria-labelledby': 'diagram-h' },
      h('h2', { id: 'diagram-h' }, t('live.diagram')),
      h('div', { class: 'diagram-scroll', tabindex: 0, role: 'region', 'aria-labelledby': 'diagram-h' }, diagram.element),
      positions,
      status,
    ),
    cards,
  );
  const setStatus = () => (status.textContent = ctx.live.connected ? t('live.connected') : t('live.connecting'));
  setStatus();
  ctx.onLeave(ctx.live.onState(setStatus));

  let list: VehicleState[];
  try {
    list = await vehicles();
  } catch (error) {
    cards.append(errorBox(error));
    return;
  }
  const states = new Map<string, CoachState>();
  const cardOf = new Map<string, HTMLElement>();
  for (const v of list) {
    const s: CoachState = {
      v,
      sample: null,
      trip: null,
      lastStopId: null,
      day: null,
      ratings: [],
      refreshing: false,
      lastRefresh: Date.now(),
    };
    states.set(v.id, s);
    const card = h('section', { class: 'panel coach-card', 'data-vehicle': v.id, 'aria-labelledby': `card-${v.id}` });
    cardOf.set(v.id, card);
    cards.append(card);
  }

  const draw = (s: CoachState) => {
    const dist = distanceOf(s);
    diagram.place({ vehicleId: s.v.id, distM: dist, direction: s.trip?.direction ?? null, online: s.v.online, fuelType: s.v.fuelType });
    cardOf.get(s.v.id)!.replaceChildren(...card(s, ctx));
    positions.replaceChildren(...[...states.values()].map((x) => h('li', { 'data-vehicle': x.v.id }, positionText(x))));
  };

  // Drawn at once from the vehicles' latest state, and at most once a frame after that: a replay
  // pushes dozens of samples a second, the page shows the newest.
  const pending = new Set<CoachState>();
  const schedule = (s: CoachState) => {
    if (pending.size === 0)
      requestAnimationFrame(() => {
        for (const x of pending) draw(x);
        pending.clear();
      });
    pending.add(s);
  };
  for (const s of states.values()) draw(s);

  const refresh = async (s: CoachState) => {
    if (s.refreshing) return;
    s.refreshing = true;
    s.lastRefresh = Date.now();
    try {
      const fresh = (await vehicles()).find((x) => x.id === s.v.id);
      if (fresh) s.v = { ...fresh, online: s.v.online || fresh.online };
      draw(s);
    } catch {
      // The next sample tries again.
    } finally {
      s.refreshing = false;
    }
  };

  const onMessage = (m: LiveMessage) => {
    const s = m.vehicleId ? states.get(m.vehicleId) : undefined;
    if (!s) return;
    if (m.kind === 'telemetry') {
      if (s.sample && Date.parse(m.sample.ts) < Date.parse(s.sample.ts)) return; // an older sample (a backlog replayed) never moves a coach back
      applySample(s, m.sample);
      if (Date.now() - s.lastRefresh > REFRESH_MS) void refresh(s);
    } else if (m.kind === 'status') {
      s.v = { ...s.v, online: m.online, lastSeenAt: m.ts };
    } else if (m.kind === 'event') {
      // The event's data as the contract's event payloads carry it (docs/contract.md §3).
      const e = m.event;
      const str = (k: string) => (typeof e.data[k] === 'string' ? (e.data[k] as string) : null);
      if (e.type === 'trip_start') {
        const d = e.data.direction;
        s.trip = { tripId: str('tripId'), direction: d === 0 || d === 1 ? d : null, startTs: e.ts, fuelAtStart: null, kmAtStart: null };
      } else if (e.type === 'trip_end') s.trip = null;
      else if (e.type === 'stop_arrival' || e.type === 'stop_departure') s.lastStopId = str('stopId');
      else if (e.type === 'refuel') void refresh(s);
    }
    schedule(s);
  };
  // Listening before the slower first figures arrive (a busy server answers them in seconds): nothing pushed meanwhile is lost.
  for (const kind of ['telemetry', 'event', 'status'] as const) ctx.onLeave(ctx.live.on(kind, onMessage));
  for (const s of states.values())
    void initial(s, ctx).then(
      () => schedule(s),
      () => undefined,
    );
  ctx.onLeave(
    ctx.live.onReconnect(() => {
      // Messages may have been missed: the state is re-read from the API.
      for (const s of states.values()) {
        void refresh(s)
          .then(() => {
            s.sample = null;
            return initial(s, ctx);
          })
          .then(
            () => schedule(s),
            () => undefined,
          );
      }
    }),
  );
  // Ratings and today's KPIs have no live message: re-read them every minute.
  const slow = setInterval(() => {
    for (const s of states.values())
      void slowFigures(s, ctx)
        .then(() => draw(s))
        .catch(() => undefined);
  }, 60_000);
  ctx.onLeave(() => clearInterval(slow));
}

function applySample(s: CoachState, x: LiveTelemetry): void {
  s.sample = {
    ts: x.ts,
    lat: x.lat ?? s.sample?.lat ?? null,
    lon: x.lon ?? s.sample?.lon ?? null,
    speedKmh: x.speedKmh,
    passengers: x.passengers,
    cabinTempC: x.cabin.tempC,
    co2Ppm: x.cabin.co2Ppm,
    noiseDbA: x.cabin.noiseDbA,
    seatAv: x.seatAv,
    floorAv: x.floorAv,
    fuelCounter: x.fuel.totalUsed,
    odometerKm: x.odometerKm,
    tankMassKg: x.fuel.tankMassKg,
    levelPct: x.fuel.levelPct,
  };
  s.v = { ...s.v, online: true, lastSeenAt: x.ts };
  if (s.trip && s.trip.fuelAtStart === null) {
    s.trip.fuelAtStart = x.fuel.totalUsed;
    s.trip.kmAtStart = x.odometerKm;
  }
}

/** The first state of a coach from the API. */
async function initial(s: CoachState, ctx: PageContext): Promise<void> {
  const latest = s.v.latest;
  if (!latest) return;
  const end = new Date(Date.parse(latest.ts) + 1000);
  const start = new Date(end.getTime() - 120_000);
  const series = await vehicleSeries(
    s.v.id,
    start.toISOString(),
    end.toISOString(),
    [
      'speedKmh',
      'passengers',
      'cabinTempC',
      'cabinCo2Ppm',
      'cabinNoiseDbA',
      'seatAwx',
      'seatAwy',
      'seatAwz',
      'floorAwx',
      'floorAwy',
      'floorAwz',
      'fuelCounter',
      'odometerKm',
      'lat',
      'lon',
    ],
    120,
  );
  const p = series.points[series.points.length - 1];
  // A sample pushed while this was read is newer: it stays.
  if (p && !s.sample) {
    const av = (a: unknown, b: unknown, c: unknown) =>
      isNumber(a) && isNumber(b) && isNumber(c) ? totalVibrationValue({ awx: a, awy: b, awz: c }) : null;
    s.sample = {
      ts: p.ts,
      lat: latest.lat,
      lon: latest.lon,
      speedKmh: latest.speedKmh,
      passengers: p.passengers ?? null,
      cabinTempC: p.cabinTempC ?? null,
      co2Ppm: p.cabinCo2Ppm ?? null,
      noiseDbA: p.cabinNoiseDbA ?? null,
      seatAv: av(p.seatAwx, p.seatAwy, p.seatAwz),
      floorAv: av(p.floorAwx, p.floorAwy, p.floorAwz),
      fuelCounter: p.fuelCounter ?? null,
      odometerKm: p.odometerKm ?? latest.odometerKm,
      tankMassKg: null,
      levelPct: null,
    };
  }
  const day = parisDate(latest.ts);
  const today: TripSummary[] = await trips({ from: day, to: day, vehicleId: s.v.id, limit: 100 }).catch(() => []);
  const last = today[today.length - 1];
  // The rollups close a trip at its end event; a trip still running shows as the latest, ending at the latest sample.
  if (!s.trip && last && Date.parse(last.endTs) >= Date.parse(latest.ts) - 60_000) {
    const base = await vehicleSeries(
      s.v.id,
      last.startTs,
      new Date(Date.parse(last.startTs) + 60_000).toISOString(),
      ['fuelCounter', 'odometerKm'],
      60,
    ).catch(() => null);
    const b = base?.points.find((x) => isNumber(x.fuelCounter));
    s.trip = {
      tripId: last.reportedTripId ?? last.gtfsTripId,
      direction: last.direction === 0 || last.direction === 1 ? last.direction : null,
      startTs: last.startTs,
      fuelAtStart: b?.fuelCounter ?? null,
      kmAtStart: b?.odometerKm ?? null,
    };
  }
  await slowFigures(s, ctx);
}

async function slowFigures(s: CoachState, ctx: PageContext): Promise<void> {
  const latest = s.sample?.ts ?? s.v.latest?.ts;
  if (!latest) return;
  const day = parisDate(latest);
  const [k] = await kpis({ from: day, to: day, vehicleId: s.v.id, groupBy: 'day' }).catch(() => []);
  s.day = k ? { used: k.kpis.fuel.used, per100km: k.kpis.fuel.per100km, unit: k.kpis.fuel.unit } : null;
  if (seesIndividuals(ctx.me)) {
    const to = new Date(Date.parse(latest) + 60_000).toISOString();
    const from = new Date(Date.parse(latest) - 3 * 3600_000).toISOString();
    try {
      const page = await ratingsPage({ vehicle: s.v.id, from, to, limit: 1000 });
      s.ratings = page.items.slice(-RATINGS_SHOWN).reverse();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
}

function position(s: CoachState): { lat: number; lon: number } | null {
  const lat = s.sample?.lat ?? s.v.latest?.lat,
    lon = s.sample?.lon ?? s.v.latest?.lon;
  return isNumber(lat) && isNumber(lon) ? { lat, lon } : null;
}

function distanceOf(s: CoachState): number | null {
  const p = position(s);
  if (!p) return null;
  const proj = projectOnLine(p.lat, p.lon);
  return proj.offsetM > OFF_LINE_M ? null : proj.distM;
}

function positionText(s: CoachState): string {
  const dist = distanceOf(s);
  const of = (text: string) => t('live.positionOf', { vehicle: s.v.id, text });
  if (!position(s)) return of(t('live.noPosition'));
  if (dist === null) return of(t('live.offLine'));
  const next = s.trip?.direction !== null && s.trip?.direction !== undefined ? nextStop(dist, s.trip.direction) : null;
  return of(`${t('live.atKm', { km: num(dist / 1000, 1) })}${next ? `, ${t('live.nextStop').toLowerCase()} ${next.name}` : ''}`);
}

const comfortText = (av: number | null): string => {
  if (!isNumber(av)) return '—';
  const c = COMFORT_CLASSES[comfortClassIndex(av)];
  return `${language() === 'fr' ? c.fr : c.en} (${num(av, 2)} m/s²)`;
};

function item(label: string, value: Node | string, field: string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { 'data-field': field }, value)];
}

function card(s: CoachState, ctx: PageContext): Node[] {
  const v = s.v;
  const l = v.latest;
  const x = s.sample;
  const dist = distanceOf(s);
  const next = dist !== null && s.trip?.direction !== null && s.trip?.direction !== undefined ? nextStop(dist, s.trip.direction) : null;
  const fuelUnit = v.fuelType === 'cng' ? 'kg' : 'L';
  const online = h(
    'span',
    { class: `badge ${v.online ? 'badge-ok' : 'badge-off'}`, 'data-field': 'online' },
    v.online ? t('live.online') : t('live.offline'),
  );
  const level = x?.levelPct ?? l?.levelPct ?? null;
  const gauge = isNumber(level)
    ? h(
        'meter',
        { min: 0, max: 100, low: 20, optimum: 100, value: level, id: `gauge-${v.id}`, 'aria-label': t('live.gauge') },
        `${num(level, 0)} %`,
      )
    : null;
  // CNG: the gas mass of the latest pushed sample (the server's real-gas Z), else the API's.
  const fuelLeft = v.fuelType === 'cng' && isNumber(x?.tankMassKg) ? x.tankMassKg : (l?.fuelLeft ?? null);
  const tripFuel = s.trip && x && isNumber(x.fuelCounter) && isNumber(s.trip.fuelAtStart) ? x.fuelCounter - s.trip.fuelAtStart : null;
  const tripKm = s.trip && x && isNumber(x.odometerKm) && isNumber(s.trip.kmAtStart) ? x.odometerKm - s.trip.kmAtStart : null;
  const tripPer100 = isNumber(tripFuel) && isNumber(tripKm) && tripKm >= 1 ? (tripFuel / tripKm) * 100 : null;
  const dl = h(
    'dl',
    { class: 'facts' },
    ...item(t('live.lastSeen'), dateTime(x?.ts ?? l?.ts ?? null), 'last-seen'),
    ...item(t('live.speed'), unit(x?.speedKmh ?? l?.speedKmh, 'km/h', 0), 'speed'),
    ...item(
      t('live.trip'),
      s.trip
        ? `${s.trip.tripId ?? t('live.tripUnknown')} · ${s.trip.direction === 0 ? t('live.dir0') : s.trip.direction === 1 ? t('live.dir1') : '—'} · ${t('live.since', { time: time(s.trip.startTs, false) })}`
        : t('live.noTrip'),
      'trip',
    ),
    ...item(t('live.nextStop'), next?.name ?? '—', 'next-stop'),
    ...item(
      v.fuelType === 'cng' ? t('live.gasMass') : t('live.dieselLeft'),
      h(
        'span',
        {},
        isNumber(fuelLeft)
          ? `${unit(fuelLeft, fuelUnit, 1)}${v.fuelType === 'cng' && isNumber(l?.tankPressureBar) ? ` · ${unit(l.tankPressureBar, 'bar', 0)}` : ''}`
          : '—',
        gauge ? ' ' : '',
        gauge ?? '',
      ),
      'fuel',
    ),
    ...item(
      t('live.range'),
      l ? t('live.rangeValue', { km: num(l.range.km, 0), low: num(l.range.lowKm, 0), high: num(l.range.highKm, 0) }) : '—',
      'range',
    ),
    ...item(
      t('live.tripConsumption'),
      isNumber(tripFuel)
        ? `${unit(tripFuel, fuelUnit, 1)}${isNumber(tripPer100) ? ` · ${unit(tripPer100, `${fuelUnit}/100 km`, 1)}` : ''}`
        : '—',
      'trip-fuel',
    ),
    ...item(
      t('live.dayConsumption'),
      s.day ? `${unit(s.day.used, s.day.unit, 1)} · ${unit(s.day.per100km, `${s.day.unit}/100 km`, 1)}` : '—',
      'day-fuel',
    ),
    ...item(t('live.cabinTemp'), unit(x?.cabinTempC, '°C', 1), 'cabin-temp'),
    ...item(t('live.co2'), unit(x?.co2Ppm, 'ppm', 0), 'co2'),
    ...item(t('live.noise'), unit(x?.noiseDbA, 'dB(A)', 1), 'noise'),
    ...item(t('live.floorComfort'), comfortText(x?.floorAv ?? null), 'floor-comfort'),
    ...item(t('live.seatComfort'), comfortText(x?.seatAv ?? null), 'seat-comfort'),
    ...item(t('live.passengers'), isNumber(x?.passengers) ? num(x!.passengers, 0) : '—', 'passengers'),
  );
  const out: Node[] = [
    h('h2', { id: `card-${v.id}` }, `${v.id} · ${v.fuelType === 'cng' ? t('fuel.cng') : t('fuel.diesel')} `, online),
    dl,
  ];
  if (seesIndividuals(ctx.me)) {
    out.push(h('h3', {}, t('live.latestRatings')));
    out.push(
      s.ratings.length
        ? h(
            'ul',
            { class: 'ratings' },
            ...s.ratings.map((r) =>
              h('li', {}, `${time(r.answeredAt, false)} · ${t('live.overall')} ${r.overall}/5`, r.comment ? h('q', {}, r.comment) : ''),
            ),
          )
        : h('p', { class: 'muted' }, t('live.noRatings')),
    );
  }
  out.push(
    h(
      'p',
      { class: 'card-links' },
      h(
        'a',
        { href: `/dashboard/day?vehicle=${encodeURIComponent(v.id)}&date=${parisDate(x?.ts ?? l?.ts ?? Date.now())}` },
        t('live.dayLink'),
      ),
    ),
  );
  return out;
}
