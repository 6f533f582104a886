/**
 * Line 102 (Castelnau-le-Lez P+R Sablassou ⇄ Castries ⇄ Sommières), the fleet's second line
 * (issue 13). ASSUMED throughout, like line 101's timetable: no 2018 feed of such a line was used;
 * the stops are placed at the town centres (approximate coordinates), elevations are estimated, the
 * routing (RD610 to Castries, then north-east through Saint-Geniès-des-Mourgues, Restinclières and
 * Boisseron) and the timetable are the project's own (libs/data/README.md). It shares its Castelnau
 * and Le Crès stops with line 101 and the trial's calendar; libs/data/gtfs/line102/*.txt is
 * generated from this module (gtfs.ts). Change LINE102_VERSION when anything moves.
 */
import {
  alongDirection, hhmm, isPeak, shapeThrough, stopDistancesOn, timedStops, type BlockSpec, type RoutePattern,
  type ScheduledStopTime, type ServiceId, type ShapePoint, type Stop, type Trip, type Waypoints,
} from './line101';

export const LINE102_VERSION = 'line102-2018.1';

/** Stops in direction 0 order (Sablassou → Sommières). Positions and elevations assumed. */
export const STOPS_102: readonly Stop[] = [
  { id: 'CAS-SAB', name: 'Castelnau-le-Lez, P+R Notre-Dame de Sablassou', town: 'Castelnau-le-Lez', lat: 43.6372, lon: 3.9218, elevationM: 44 },
  { id: 'CRE-CEN', name: 'Le Crès, Centre', town: 'Le Crès', lat: 43.6448, lon: 3.9366, elevationM: 52 },
  { id: 'CST-CEN', name: 'Castries, Centre', town: 'Castries', lat: 43.6790, lon: 3.9860, elevationM: 68 },
  { id: 'SGM-CEN', name: 'Saint-Geniès-des-Mourgues, Centre', town: 'Saint-Geniès-des-Mourgues', lat: 43.6975, lon: 4.0355, elevationM: 58 },
  { id: 'RES-CEN', name: 'Restinclières, Centre', town: 'Restinclières', lat: 43.7240, lon: 4.0370, elevationM: 50 },
  { id: 'BOI-CEN', name: 'Boisseron, Centre', town: 'Boisseron', lat: 43.7565, lon: 4.0790, elevationM: 38 },
  { id: 'SOM-CEN', name: 'Sommières, Centre', town: 'Sommières', lat: 43.7847, lon: 4.0890, elevationM: 32 },
];

/** Road waypoints between stops (lat, lon, elevation). Assumed. */
const WAYPOINTS_102: Waypoints = {
  'CRE-CEN>CST-CEN': [[43.6530, 3.9480, 55], [43.6650, 3.9660, 62]],
  'CST-CEN>SGM-CEN': [[43.6850, 4.0050, 66], [43.6920, 4.0220, 62]],
  'SGM-CEN>RES-CEN': [[43.7100, 4.0380, 55]],
  'RES-CEN>BOI-CEN': [[43.7380, 4.0520, 46], [43.7480, 4.0680, 42]],
  'BOI-CEN>SOM-CEN': [[43.7700, 4.0840, 35]],
};

export const stopById102 = (id: string): Stop => {
  const s = STOPS_102.find((x) => x.id === id);
  if (!s) throw new Error(`unknown stop ${id} on line 102`);
  return s;
};

export const PATTERNS_102 = {
  sommieres: { shapeId: '102-SOM', stopIds: STOPS_102.map((s) => s.id) },
} as const satisfies Record<string, RoutePattern>;

export const buildShape102 = (pattern: RoutePattern): ShapePoint[] => shapeThrough(pattern, stopById102, WAYPOINTS_102);
export const stopDistancesM102 = (pattern: RoutePattern): number[] => stopDistancesOn(pattern, buildShape102(pattern), stopById102);

/** Minutes of running time, assumed: ~23 km, mostly departmental roads, peaks as on line 101. */
const RUN_TIME_MIN = { offPeak: 36, peak: 45 } as const;
const MIN_LAYOVER_MIN = 10;

/** Two vehicle blocks per day type, as on line 101: block 1 starts at Sablassou, block 2 at Sommières. */
const BLOCKS_102: readonly BlockSpec[] = [
  { blockId: '102-B1-SEM', service: 'SEM', firstDepartureMin: 6 * 60 + 20, firstDirection: 0, trips: 13 },
  { blockId: '102-B2-SEM', service: 'SEM', firstDepartureMin: 6 * 60 + 15, firstDirection: 1, trips: 13 },
  { blockId: '102-B1-SAM', service: 'SAM', firstDepartureMin: 7 * 60 + 20, firstDirection: 0, trips: 9 },
  { blockId: '102-B2-SAM', service: 'SAM', firstDepartureMin: 7 * 60 + 50, firstDirection: 1, trips: 9 },
];

function scheduleTrip102(direction: 0 | 1, departureMin: number, service: ServiceId): ScheduledStopTime[] {
  const p = PATTERNS_102.sommieres;
  const { ids, dist, total } = alongDirection(p.stopIds, stopDistancesM102(p), direction);
  return timedStops(ids, dist, total, departureMin, service === 'SEM' && isPeak(departureMin) ? RUN_TIME_MIN.peak : RUN_TIME_MIN.offPeak);
}

/** Every trip of line 102, by block (deterministic). Trip ids read `102-{A|R}-{HHMM}-{SEM|SAM}`. */
export function buildTrips102(): Trip[] {
  const trips: Trip[] = [];
  for (const b of BLOCKS_102) {
    let dep = b.firstDepartureMin;
    let dir = b.firstDirection;
    for (let k = 0; k < b.trips; k++) {
      const stopTimes = scheduleTrip102(dir, dep, b.service);
      const last = stopTimes[stopTimes.length - 1];
      trips.push({
        tripId: `102-${dir === 0 ? 'A' : 'R'}-${hhmm(dep)}-${b.service}`,
        blockId: b.blockId,
        service: b.service,
        direction: dir,
        pattern: 'sommieres',
        headsign: stopById102(last.stopId).name,
        stopTimes,
      });
      dep = Math.ceil((Math.ceil(last.arrivalS / 60) + MIN_LAYOVER_MIN) / 5) * 5;
      dir = dir === 0 ? 1 : 0;
    }
  }
  return trips;
}
