/**
 * A trip's road, prepared once per pattern and direction: shape along the direction of travel,
 * stops by distance, and 10 m look-up tables of speed limit, roughness and grade, plus the fixed
 * road furniture (roundabouts, traffic lights, speed cushions). The furniture comes from a fixed
 * seed: the road is the same in every run; only what happens on it varies.
 */
import { patternOf, type PatternName, type ShapePoint } from '@app/data';
import { Rng } from '../rng';

const CELL_M = 10;

export type FeatureKind = 'roundabout' | 'light' | 'cushion';
export interface Feature {
  kind: FeatureKind;
  distM: number;
}

export interface RouteGeometry {
  pattern: PatternName;
  direction: 0 | 1;
  lengthM: number;
  points: ShapePoint[];
  stops: { stopId: string; distM: number }[];
  features: Feature[];
  limitMs: Float32Array;
  roughness: Float32Array;
  grade: Float32Array;
}

const cache = new Map<string, RouteGeometry>();

export function routeGeometry(pattern: PatternName, direction: 0 | 1): RouteGeometry {
  const key = `${pattern}/${direction}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { line, pattern: p } = patternOf(pattern);
  const fwd = line.buildShape(p);
  const total = fwd[fwd.length - 1].distM;
  const points = direction === 0 ? fwd : [...fwd].reverse().map((q) => ({ ...q, distM: total - q.distM }));
  const d0 = line.stopDistancesM(p);
  const stops = p.stopIds.map((stopId, i) => ({ stopId, distM: direction === 0 ? d0[i] : total - d0[i] }));
  if (direction === 1) stops.reverse();

  const n = Math.ceil(total / CELL_M) + 1;
  const limitMs = new Float32Array(n);
  const roughness = new Float32Array(n);
  const grade = new Float32Array(n);
  const inLunel = (d: number) => stops.some((s) => s.stopId.startsWith('LUN-') && Math.abs(s.distM - d) < 700);
  for (let i = 0; i < n; i++) {
    const d = i * CELL_M;
    const nearStop = stops.some((s) => Math.abs(s.distM - d) < 450);
    // Built-up areas 50 km/h; the RD613 between villages is 80 km/h, where coaches cruise ~70 (assumed).
    limitMs[i] = (nearStop || inLunel(d) ? 50 : 70) / 3.6;
    roughness[i] = inLunel(d) ? 1.5 : nearStop ? 1.3 : 1.0;
  }
  // Grade from the elevation of shape points, smoothed over each shape segment.
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1],
      b = points[k];
    const g = (b.elevationM - a.elevationM) / Math.max(1, b.distM - a.distM);
    for (let i = Math.floor(a.distM / CELL_M); i <= Math.min(n - 1, Math.ceil(b.distM / CELL_M)); i++) grade[i] = g;
  }
  // Road furniture: fixed seed per pattern (same on both directions, mirrored).
  const rng = new Rng(`road/${pattern}`);
  const features: Feature[] = [];
  const fwdStops = direction === 0 ? stops : [...stops].reverse().map((s) => ({ ...s, distM: total - s.distM }));
  for (let k = 1; k < fwdStops.length; k++) {
    const a = fwdStops[k - 1].distM,
      b = fwdStops[k].distM;
    const gap = b - a;
    // One roundabout or light per ~2.2 km of road, away from the stops themselves.
    const count = Math.round(gap / 2200);
    for (let j = 0; j < count; j++) {
      const at = a + ((j + 0.3 + 0.4 * rng.next()) / count) * gap;
      features.push({ kind: rng.chance(0.6) ? 'roundabout' : 'light', distM: at });
    }
    if (rng.chance(0.5)) features.push({ kind: 'cushion', distM: a + 120 + 60 * rng.next() });
  }
  const dirFeatures = direction === 0 ? features : features.map((f) => ({ ...f, distM: total - f.distM }));
  dirFeatures.sort((x, y) => x.distM - y.distM);
  const geo: RouteGeometry = { pattern, direction, lengthM: total, points, stops, features: dirFeatures, limitMs, roughness, grade };
  cache.set(key, geo);
  return geo;
}

export const cellOf = (geo: RouteGeometry, distM: number): number =>
  Math.min(geo.limitMs.length - 1, Math.max(0, Math.floor(distM / CELL_M)));

/** Position and heading along a route, with a cursor that only moves forward (O(1) per second). */
export class RouteCursor {
  private k = 1;
  constructor(readonly geo: RouteGeometry) {}

  at(distM: number): { lat: number; lon: number; headingDeg: number } {
    const pts = this.geo.points;
    while (this.k < pts.length - 1 && pts[this.k].distM < distM) this.k++;
    const a = pts[this.k - 1],
      b = pts[this.k];
    const f = Math.min(1, Math.max(0, (distM - a.distM) / Math.max(1e-6, b.distM - a.distM)));
    const lat = a.lat + (b.lat - a.lat) * f;
    const lon = a.lon + (b.lon - a.lon) * f;
    const y = (b.lon - a.lon) * Math.cos((lat * Math.PI) / 180);
    const x = b.lat - a.lat;
    const headingDeg = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
    return { lat, lon, headingDeg };
  }
}
