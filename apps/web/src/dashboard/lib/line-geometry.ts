/**
 * Line 101 as the live diagram draws it, from the GTFS the project builds (libs/data): the longest
 * pattern (Sablassou → Marsillargues) with each stop's distance along its direction-0 shape, and
 * the projection of a GNSS position onto that shape (distance along the line and how far off it).
 */
import { buildShape, PATTERNS, stopById, stopDistancesM, type ShapePoint } from '../../../../../libs/data/src/line101';

export interface LineStop {
  id: string;
  name: string;
  town: string;
  /** Along the direction-0 shape, m. */
  distM: number;
  /** Only the Marsillargues trips serve it. */
  extension: boolean;
}

export interface LineGeometry {
  stops: LineStop[];
  shape: ShapePoint[];
  lengthM: number;
}

let geometry: LineGeometry | null = null;

export function line101(): LineGeometry {
  if (geometry) return geometry;
  const pattern = PATTERNS.marsillargues;
  const main = new Set<string>(PATTERNS.lunel.stopIds);
  const dist = stopDistancesM(pattern);
  const shape = buildShape(pattern);
  geometry = {
    stops: pattern.stopIds.map((id, i) => {
      const s = stopById(id);
      return { id, name: s.name, town: s.town, distM: dist[i], extension: !main.has(id) };
    }),
    shape,
    lengthM: shape[shape.length - 1].distM,
  };
  return geometry;
}

export interface Projection {
  /** Along the direction-0 shape, m. */
  distM: number;
  /** Distance from the shape, m (a coach at the depot or the gas station is far off it). */
  offsetM: number;
}

/** Nearest point of the shape to (lat, lon), by a local flat projection (errors ≪ 1 m at 20 km). */
export function projectOnLine(lat: number, lon: number, g: LineGeometry = line101()): Projection {
  const mPerDegLat = 111_320;
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  let best: Projection = { distM: 0, offsetM: Infinity };
  for (let i = 0; i + 1 < g.shape.length; i++) {
    const a = g.shape[i],
      b = g.shape[i + 1];
    const ax = (a.lon - lon) * mPerDegLon,
      ay = (a.lat - lat) * mPerDegLat;
    const bx = (b.lon - lon) * mPerDegLon,
      by = (b.lat - lat) * mPerDegLat;
    const dx = bx - ax,
      dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
    const px = ax + t * dx,
      py = ay + t * dy;
    const off = Math.hypot(px, py);
    if (off < best.offsetM) best = { distM: a.distM + t * (b.distM - a.distM), offsetM: off };
  }
  return best;
}

/** The next stop in the direction of travel (0: towards Lunel, 1: towards Sablassou), or null at the end. */
export function nextStop(distM: number, direction: 0 | 1, g: LineGeometry = line101(), toleranceM = 30): LineStop | null {
  if (direction === 0) return g.stops.find((s) => s.distM > distM + toleranceM) ?? null;
  for (let i = g.stops.length - 1; i >= 0; i--) if (g.stops[i].distM < distM - toleranceM) return g.stops[i];
  return null;
}
