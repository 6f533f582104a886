/**
 * Each line as GTFS text files (https://gtfs.org/schedule/reference/), generated from line101.ts
 * and line102.ts. libs/data/gtfs/line<id>/ holds the output; line101.spec.ts fails when the files
 * and the modules differ, and `npm run data:gtfs` rewrites them.
 */
import { CALENDAR, type ServiceId } from './line101';
import { LINES, type LineData } from './lines';

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: (string | number)[][]): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** GTFS time (may pass 24:00:00) from seconds after midnight. */
const gtfsTime = (s: number): string =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');

/** GTFS shapes are ordered along the trip: one per pattern and direction. */
const shapeIdFor = (patternShapeId: string, direction: 0 | 1): string => `${patternShapeId}-${direction}`;

export const line101GtfsFiles = (): Record<string, string> => gtfsFilesOf(LINES['101']);

export function gtfsFilesOf(line: LineData): Record<string, string> {
  const trips = line.buildTrips();
  const ymd = (d: string) => d.replace(/-/g, '');
  const dayCols = (days: readonly number[]) => [1, 2, 3, 4, 5, 6, 0].map((d) => (days.includes(d) ? 1 : 0));
  return {
    'agency.txt': csv(['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [['HT', 'Hérault Transport', 'https://www.herault-transport.fr', 'Europe/Paris', 'fr']]),
    'feed_info.txt': csv(['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'],
      [['herault-gnv-trial (assumed timetable, see libs/data/README.md)', 'https://www.herault-transport.fr', 'fr', '20180608', '20180622', line.version]]),
    'routes.txt': csv(['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'],
      [[line.id, 'HT', line.id, line.name, 3]]),
    'stops.txt': csv(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'],
      line.stops.map((s) => [s.id, s.name, s.lat.toFixed(5), s.lon.toFixed(5)])),
    'calendar.txt': csv(
      ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
      (Object.entries(CALENDAR) as [ServiceId, (typeof CALENDAR)[ServiceId]][]).map(([id, c]) => [id, ...dayCols(c.days), ymd(c.start), ymd(c.end)]),
    ),
    'shapes.txt': csv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'],
      Object.values(line.patterns).flatMap((p) => {
        const fwd = line.buildShape(p);
        const total = fwd[fwd.length - 1].distM;
        const back = [...fwd].reverse().map((pt) => ({ ...pt, distM: total - pt.distM }));
        return [fwd, back].flatMap((pts, dir) =>
          pts.map((pt, i) => [shapeIdFor(p.shapeId, dir as 0 | 1), pt.lat.toFixed(5), pt.lon.toFixed(5), i + 1, Math.round(pt.distM)]));
      })),
    'trips.txt': csv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'block_id', 'shape_id'],
      trips.map((t) => [line.id, t.service, t.tripId, t.headsign, t.direction, t.blockId, shapeIdFor(line.patterns[t.pattern].shapeId, t.direction)])),
    'stop_times.txt': csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'shape_dist_traveled', 'timepoint'],
      trips.flatMap((t) => t.stopTimes.map((st, i) => [t.tripId, gtfsTime(st.arrivalS), gtfsTime(st.departureS), st.stopId, i + 1, st.distM, 1]))),
  };
}
