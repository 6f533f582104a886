/**
 * The lines the project has a GTFS feed for (libs/data/gtfs/line<id>), as one shape: a vehicle runs
 * one of them (vehicle.line_id), the simulator drives it, the analytics match its trips against it.
 */
import {
  buildShape, buildTrips, LINE101_VERSION, PATTERNS, STOPS, stopById, stopDistancesM,
  type PatternName, type RoutePattern, type ServiceId, type ShapePoint, type Stop, type Trip,
} from './line101';
import {
  buildShape102, buildTrips102, LINE102_VERSION, PATTERNS_102, STOPS_102, stopById102, stopDistancesM102,
} from './line102';

export const LINE_IDS = ['101', '102'] as const;
export type LineId = (typeof LINE_IDS)[number];
export const isLineId = (id: string): id is LineId => (LINE_IDS as readonly string[]).includes(id);

export interface LineData {
  id: LineId;
  version: string;
  /** GTFS route_long_name. */
  name: string;
  stops: readonly Stop[];
  /** By pattern name (names are unique across lines). */
  patterns: Readonly<Record<string, RoutePattern>>;
  stopById(id: string): Stop;
  buildShape(pattern: RoutePattern): ShapePoint[];
  stopDistancesM(pattern: RoutePattern): number[];
  buildTrips(): Trip[];
}

export const LINES: Readonly<Record<LineId, LineData>> = {
  '101': {
    id: '101', version: LINE101_VERSION, name: 'Montpellier (Sablassou) – Lunel – Marsillargues',
    stops: STOPS, patterns: PATTERNS, stopById, buildShape, stopDistancesM, buildTrips,
  },
  '102': {
    id: '102', version: LINE102_VERSION, name: 'Montpellier (Sablassou) – Castries – Sommières',
    stops: STOPS_102, patterns: PATTERNS_102, stopById: stopById102, buildShape: buildShape102,
    stopDistancesM: stopDistancesM102, buildTrips: buildTrips102,
  },
};

/** A line by id; an unknown id (a row written before the registry checked it) falls back to line 101. */
export const lineById = (id: string): LineData => (isLineId(id) ? LINES[id] : LINES['101']);

/** The line and pattern of a pattern name (names are unique across lines). */
export function patternOf(name: PatternName): { line: LineData; pattern: RoutePattern } {
  for (const line of Object.values(LINES)) {
    const pattern = line.patterns[name] as RoutePattern | undefined;
    if (pattern) return { line, pattern };
  }
  throw new Error(`unknown pattern ${name}`);
}

/** A stop of any line (lines share their Sablassou and Le Crès stops, with one position). */
export function stopOfAnyLine(id: string): Stop {
  for (const line of Object.values(LINES)) {
    const stop = line.stops.find((s) => s.id === id);
    if (stop) return stop;
  }
  throw new Error(`unknown stop ${id}`);
}

const tripsCache = new Map<LineId, Trip[]>();
/** The line's trips, built once (the feed is static). */
export function tripsOf(id: LineId): Trip[] {
  let trips = tripsCache.get(id);
  if (!trips) tripsCache.set(id, (trips = LINES[id].buildTrips()));
  return trips;
}

/** The vehicle blocks of a line on a day type, in order (B1, B2, …). */
export function blockIdsOf(id: LineId, service: ServiceId): string[] {
  return [...new Set(tripsOf(id).filter((t) => t.service === service).map((t) => t.blockId))].sort();
}
