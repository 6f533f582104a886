/**
 * Line 101 (Castelnau-le-Lez P+R Sablassou ⇄ Lunel, some trips to Marsillargues) as the project
 * builds it. No 2018 GTFS feed was found (docs/sources.md#line101-gtfs): stop positions are placed on the RD613 near
 * the town centres of docs/sources.md#line101-towns, elevations and the timetable are ASSUMED, the routing is the
 * 2011–13 one. libs/data/gtfs/line101/*.txt is generated from this module (gtfs.ts), so the
 * simulator and the server see one feed. Version it: change LINE101_VERSION when anything moves.
 */
import { TRIAL_PERIOD } from './trial';

export const LINE101_VERSION = 'line101-2018.1';

export interface Stop {
  id: string;
  name: string;
  town: string;
  lat: number;
  lon: number;
  /** Metres above sea level, assumed from the coastal plain's slope (Castelnau ≈ 45 m → Marsillargues ≈ 4 m). */
  elevationM: number;
}

/** Stops in direction 0 order (Sablassou → Lunel → Marsillargues). Positions assumed, on the RD613. */
export const STOPS: readonly Stop[] = [
  { id: 'CAS-SAB', name: 'Castelnau-le-Lez, P+R Notre-Dame de Sablassou', town: 'Castelnau-le-Lez', lat: 43.6372, lon: 3.9218, elevationM: 44 },
  { id: 'CRE-CEN', name: 'Le Crès, Centre', town: 'Le Crès', lat: 43.6448, lon: 3.9366, elevationM: 52 },
  { id: 'CRE-SAL', name: 'Le Crès, Salaison', town: 'Le Crès', lat: 43.6497, lon: 3.9512, elevationM: 47 },
  { id: 'VEN-CEN', name: 'Vendargues, Centre', town: 'Vendargues', lat: 43.6561, lon: 3.9681, elevationM: 40 },
  { id: 'SAU-ECO', name: 'Saint-Aunès, Écoparc', town: 'Saint-Aunès', lat: 43.6528, lon: 3.9890, elevationM: 36 },
  { id: 'BAI-CEN', name: 'Baillargues, Centre', town: 'Baillargues', lat: 43.6606, lon: 4.0134, elevationM: 30 },
  { id: 'SBR-CEN', name: 'Saint-Brès, Centre', town: 'Saint-Brès', lat: 43.6663, lon: 4.0376, elevationM: 26 },
  { id: 'VAL-CEN', name: 'Valergues, Centre', town: 'Valergues', lat: 43.6673, lon: 4.0618, elevationM: 22 },
  { id: 'LVI-CEN', name: 'Lunel-Viel, Centre', town: 'Lunel-Viel', lat: 43.6779, lon: 4.0922, elevationM: 16 },
  { id: 'LUN-LUN', name: 'Lunel, Luneland', town: 'Lunel', lat: 43.6783, lon: 4.1171, elevationM: 10 },
  { id: 'LUN-GAR', name: 'Lunel, Gare SNCF', town: 'Lunel', lat: 43.6733, lon: 4.1349, elevationM: 7 },
  { id: 'LUN-REP', name: 'Lunel, République', town: 'Lunel', lat: 43.6766, lon: 4.1339, elevationM: 8 },
  { id: 'LUN-FRU', name: 'Lunel, Bd Saint-Fructueux', town: 'Lunel', lat: 43.6792, lon: 4.1382, elevationM: 8 },
  { id: 'LUN-PDV', name: 'Lunel, Pont de Vesse', town: 'Lunel', lat: 43.6755, lon: 4.1452, elevationM: 6 },
  { id: 'MAR-BAS', name: 'Marsillargues, La Bascule', town: 'Marsillargues', lat: 43.6655, lon: 4.1758, elevationM: 4 },
];

/** Road waypoints between stops (lat, lon, elevation): the RD613 bends the straight lines would miss. Assumed. */
const WAYPOINTS: Readonly<Record<string, ReadonlyArray<readonly [number, number, number]>>> = {
  'CAS-SAB>CRE-CEN': [[43.6362, 3.9262, 46], [43.6409, 3.9301, 49], [43.6428, 3.9340, 51]],
  'CRE-CEN>CRE-SAL': [[43.6472, 3.9431, 50]],
  // Into Vendargues centre and back down to the RD613.
  'CRE-SAL>VEN-CEN': [[43.6515, 3.9585, 44], [43.6548, 3.9612, 42]],
  'VEN-CEN>SAU-ECO': [[43.6593, 3.9742, 41], [43.6560, 3.9815, 38]],
  'SAU-ECO>BAI-CEN': [[43.6552, 3.9985, 33], [43.6570, 4.0050, 31], [43.6640, 4.0090, 31]],
  'BAI-CEN>SBR-CEN': [[43.6580, 4.0210, 28], [43.6640, 4.0291, 27]],
  'SBR-CEN>VAL-CEN': [[43.6700, 4.0470, 24], [43.6652, 4.0540, 23]],
  'VAL-CEN>LVI-CEN': [[43.6712, 4.0741, 20], [43.6751, 4.0833, 18]],
  'LVI-CEN>LUN-LUN': [[43.6830, 4.0990, 14], [43.6790, 4.1060, 13]],
  'LUN-LUN>LUN-GAR': [[43.6745, 4.1220, 9], [43.6712, 4.1300, 8]],
  'LUN-GAR>LUN-REP': [[43.6740, 4.1290, 8]],
  'LUN-REP>LUN-FRU': [[43.6800, 4.1345, 8]],
  'LUN-FRU>LUN-PDV': [[43.6779, 4.1425, 7]],
  'LUN-PDV>MAR-BAS': [[43.6712, 4.1580, 5]],
};

export interface RoutePattern {
  /** GTFS shape_id (direction 0 geometry; direction 1 runs it backwards). */
  shapeId: string;
  stopIds: readonly string[];
}

const MAIN = STOPS.slice(0, 14).map((s) => s.id);
const EXTENDED = STOPS.map((s) => s.id);
export const PATTERNS = {
  lunel: { shapeId: '101-LUN', stopIds: MAIN },
  marsillargues: { shapeId: '101-MAR', stopIds: EXTENDED },
} as const satisfies Record<string, RoutePattern>;
export type Line101Pattern = keyof typeof PATTERNS;
/** Patterns of every line (line102.ts adds its own). */
export type PatternName = Line101Pattern | 'sommieres';

export interface ShapePoint { lat: number; lon: number; elevationM: number; distM: number }

export const stopById = (id: string): Stop => {
  const s = STOPS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown stop ${id}`);
  return s;
};

/** Great-circle distance, m (haversine; errors < 0.5 % at this scale). */
function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

export type Waypoints = Readonly<Record<string, ReadonlyArray<readonly [number, number, number]>>>;

/** Direction-0 shape through a pattern's stops (found by `stopOf`) and the waypoints between them, with cumulative distance. */
export function shapeThrough(pattern: RoutePattern, stopOf: (id: string) => Stop, waypoints: Waypoints): ShapePoint[] {
  const pts: ShapePoint[] = [];
  const push = (lat: number, lon: number, elevationM: number) => {
    const prev = pts[pts.length - 1];
    const distM = prev ? prev.distM + haversineM(prev.lat, prev.lon, lat, lon) : 0;
    pts.push({ lat, lon, elevationM, distM });
  };
  pattern.stopIds.forEach((id, i) => {
    const s = stopOf(id);
    push(s.lat, s.lon, s.elevationM);
    const next = pattern.stopIds[i + 1];
    if (next) for (const [lat, lon, el] of waypoints[`${id}>${next}`] ?? []) push(lat, lon, el);
  });
  return pts;
}

/** Distance of each stop of the pattern along its direction-0 shape, m. */
export function stopDistancesOn(pattern: RoutePattern, shape: ShapePoint[], stopOf: (id: string) => Stop): number[] {
  return pattern.stopIds.map((id) => {
    const s = stopOf(id);
    const p = shape.find((q) => q.lat === s.lat && q.lon === s.lon);
    if (!p) throw new Error(`stop ${id} not on shape ${pattern.shapeId}`);
    return p.distM;
  });
}

/** Direction-0 shape of a line-101 pattern. */
export function buildShape(pattern: RoutePattern): ShapePoint[] {
  return shapeThrough(pattern, stopById, WAYPOINTS);
}

/** Distance of each stop of the pattern along its direction-0 shape, m. */
export function stopDistancesM(pattern: RoutePattern): number[] {
  return stopDistancesOn(pattern, buildShape(pattern), stopById);
}

// ---------------------------------------------------------------------------------------------
// Timetable (assumed): two vehicle blocks that both trial coaches share, so they run comparable
// trips. Block 1 starts at Sablassou and ends at Lunel, block 2 the reverse; the coaches swap
// blocks every service day, each starting where it parked.

export type ServiceId = 'SEM' | 'SAM';
export const CALENDAR = {
  /** Mon–Fri */
  SEM: { days: [1, 2, 3, 4, 5], start: TRIAL_PERIOD.from, end: TRIAL_PERIOD.to },
  /** Saturday (reduced service) */
  SAM: { days: [6], start: TRIAL_PERIOD.from, end: TRIAL_PERIOD.to },
} as const;

/** Minutes of running time: ~37 off-peak, 50 at peak (docs/sources.md#line101-running-time); +9 to Marsillargues. */
const RUN_TIME_MIN = { offPeak: 37, peak: 50, marsillarguesExtra: 9 } as const;
/** Weekday peak windows by departure time, minutes after midnight (local time); Saturdays have none. */
const PEAK_WINDOWS: ReadonlyArray<readonly [number, number]> = [[7 * 60, 9 * 60], [16 * 60 + 30, 18 * 60 + 30]];
const MIN_LAYOVER_MIN = 10;
/** Seconds a timed stop's schedule allows for dwell (boarding at the driver, tickets). */
const SCHEDULED_DWELL_S = 30;

export interface BlockSpec {
  blockId: string;
  service: ServiceId;
  firstDepartureMin: number;
  firstDirection: 0 | 1;
  /** Odd, so the block ends at the other terminus. */
  trips: number;
}

const BLOCKS: readonly BlockSpec[] = [
  { blockId: 'B1-SEM', service: 'SEM', firstDepartureMin: 6 * 60 + 10, firstDirection: 0, trips: 13 },
  { blockId: 'B2-SEM', service: 'SEM', firstDepartureMin: 6 * 60 + 5, firstDirection: 1, trips: 15 },
  { blockId: 'B1-SAM', service: 'SAM', firstDepartureMin: 7 * 60 + 10, firstDirection: 0, trips: 9 },
  { blockId: 'B2-SAM', service: 'SAM', firstDepartureMin: 7 * 60 + 40, firstDirection: 1, trips: 9 },
];

export interface ScheduledStopTime {
  stopId: string;
  /** Seconds after local midnight. */
  arrivalS: number;
  departureS: number;
  /** Along this trip's direction, m. */
  distM: number;
}

export interface Trip {
  tripId: string;
  blockId: string;
  service: ServiceId;
  direction: 0 | 1;
  pattern: PatternName;
  headsign: string;
  stopTimes: ScheduledStopTime[];
}

export const isPeak = (min: number): boolean => PEAK_WINDOWS.some(([a, b]) => min >= a && min < b);
/** HHMM of minutes after midnight (the trip ids' form). */
export const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}${String(min % 60).padStart(2, '0')}`;

/**
 * Scheduled times of a trip along stops `ids` at distances `dist` (of `total`), leaving at
 * `departureMin` with `runMin` minutes of running time: shared by distance, plus the dwell at each timed stop.
 */
export function timedStops(ids: readonly string[], dist: readonly number[], total: number, departureMin: number, runMin: number): ScheduledStopTime[] {
  const dwellTotal = SCHEDULED_DWELL_S * (ids.length - 2);
  const driveS = runMin * 60 - dwellTotal;
  return ids.map((stopId, i) => {
    const arrival = departureMin * 60 + Math.round((dist[i] / total) * driveS) + SCHEDULED_DWELL_S * Math.max(0, i - 1);
    // Whole minutes, as printed timetables are; first stop departs on the minute.
    const arrivalS = i === 0 ? departureMin * 60 : Math.round(arrival / 60) * 60;
    // Intermediate stops are timed on the minute: GTFS arrival = departure, the dwell is inside.
    return { stopId, arrivalS, departureS: arrivalS, distM: Math.round(dist[i]) };
  });
}

/** A pattern's stops and their distances in a direction (direction 1 runs the shape backwards). */
export function alongDirection(stopIds: readonly string[], d0: readonly number[], direction: 0 | 1): { ids: string[]; dist: number[]; total: number } {
  const total = d0[d0.length - 1];
  const ids = direction === 0 ? [...stopIds] : [...stopIds].reverse();
  const dist = direction === 0 ? [...d0] : d0.map((d) => total - d).reverse();
  return { ids, dist, total };
}

/** Scheduled times of one trip of line 101. */
function scheduleTrip(pattern: Line101Pattern, direction: 0 | 1, departureMin: number, service: ServiceId): ScheduledStopTime[] {
  const p = PATTERNS[pattern];
  const { ids, dist, total } = alongDirection(p.stopIds, stopDistancesM(p), direction);
  const runMin = (service === 'SEM' && isPeak(departureMin) ? RUN_TIME_MIN.peak : RUN_TIME_MIN.offPeak) + (pattern === 'marsillargues' ? RUN_TIME_MIN.marsillarguesExtra : 0);
  return timedStops(ids, dist, total, departureMin, runMin);
}

/** Every trip of line 101 in the feed, by block (deterministic). */
export function buildTrips(): Trip[] {
  const trips: Trip[] = [];
  for (const b of BLOCKS) {
    let dep = b.firstDepartureMin;
    let dir = b.firstDirection;
    let fromMarsillargues = false;
    let outbound = 0;
    for (let k = 0; k < b.trips; k++) {
      // Every third outbound trip (the 2nd, 5th, …) runs on to Marsillargues; the next inbound starts there.
      const toMar = dir === 0 && outbound++ % 3 === 1;
      const pattern: Line101Pattern = toMar || (dir === 1 && fromMarsillargues) ? 'marsillargues' : 'lunel';
      const stopTimes = scheduleTrip(pattern, dir, dep, b.service);
      const last = stopTimes[stopTimes.length - 1];
      trips.push({
        tripId: `101-${dir === 0 ? 'A' : 'R'}-${hhmm(dep)}-${b.service}`,
        blockId: b.blockId,
        service: b.service,
        direction: dir,
        pattern,
        headsign: stopById(last.stopId).name,
        stopTimes,
      });
      fromMarsillargues = toMar;
      const arrMin = Math.ceil(last.arrivalS / 60);
      dep = Math.ceil((arrMin + MIN_LAYOVER_MIN) / 5) * 5;
      dir = dir === 0 ? 1 : 0;
    }
  }
  return trips;
}

/** Service id of a date (YYYY-MM-DD) of the trial, or null (Sundays, outside 8–22 June 2018). */
export function serviceOn(date: string): ServiceId | null {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  for (const [id, c] of Object.entries(CALENDAR) as [ServiceId, (typeof CALENDAR)[ServiceId]][]) {
    if (date >= c.start && date <= c.end && (c.days as readonly number[]).includes(day)) return id;
  }
  return null;
}

/** Trial dates with service, in order. */
export function serviceDates(from: string = TRIAL_PERIOD.from, to: string = TRIAL_PERIOD.to): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (serviceOn(d)) out.push(d);
  }
  return out;
}

/** Europe/Paris is UTC+2 throughout June 2018 (CEST, 25 March – 28 October). */
export const LOCAL_UTC_OFFSET_S = 2 * 3600;
