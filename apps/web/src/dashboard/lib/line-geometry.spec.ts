import { describe, expect, it } from 'vitest';
import { STOPS } from '../../../../../libs/data/src/line101';
import { line101, nextStop, projectOnLine } from './line-geometry';

describe('line 101 geometry of the live diagram', () => {
  it('has every stop in order with increasing distances, the Marsillargues extension flagged', () => {
    const g = line101();
    expect(g.stops.map((s) => s.id)).toEqual(STOPS.map((s) => s.id));
    for (let i = 1; i < g.stops.length; i++) expect(g.stops[i].distM).toBeGreaterThan(g.stops[i - 1].distM);
    expect(g.stops.filter((s) => s.extension).map((s) => s.id)).toEqual(['MAR-BAS']);
    expect(g.lengthM).toBeGreaterThan(20_000);
  });

  it('projects a stop onto its own distance, and a point off the road with its offset', () => {
    const g = line101();
    for (const s of STOPS) {
      const p = projectOnLine(s.lat, s.lon);
      expect(p.offsetM).toBeLessThan(1);
      expect(Math.abs(p.distM - g.stops.find((x) => x.id === s.id)!.distM)).toBeLessThan(1);
    }
    expect(projectOnLine(43.7, 3.95).offsetM).toBeGreaterThan(3000);
  });

  it('finds the next stop in each direction', () => {
    const g = line101();
    const mid = (g.stops[3].distM + g.stops[4].distM) / 2;
    expect(nextStop(mid, 0)?.id).toBe(g.stops[4].id);
    expect(nextStop(mid, 1)?.id).toBe(g.stops[3].id);
    expect(nextStop(g.lengthM, 0)).toBeNull();
  });
});
