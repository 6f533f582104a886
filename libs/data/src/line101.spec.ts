import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { line101GtfsFiles } from './gtfs';
import { buildShape, buildTrips, PATTERNS, serviceDates, stopDistancesM } from './line101';
import { VEHICLES } from './vehicles';

describe('line 101 feed', () => {
  it('is 23–26 km to Lunel (docs/sources.md#line101-length) with 13–16 timed stops', () => {
    const len = buildShape(PATTERNS.lunel).at(-1)!.distM;
    expect(len).toBeGreaterThan(23_000);
    expect(len).toBeLessThan(26_000);
    expect(PATTERNS.lunel.stopIds.length).toBeGreaterThanOrEqual(13);
    expect(PATTERNS.lunel.stopIds.length).toBeLessThanOrEqual(16);
    const d = stopDistancesM(PATTERNS.marsillargues);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThan(d[i - 1]);
  });

  it('has unique trip ids, blocks that chain at the termini, 37/50-minute running times', () => {
    const trips = buildTrips();
    expect(new Set(trips.map((t) => t.tripId)).size).toBe(trips.length);
    const byBlock = new Map<string, typeof trips>();
    for (const t of trips) byBlock.set(t.blockId, [...(byBlock.get(t.blockId) ?? []), t]);
    for (const block of byBlock.values()) {
      for (let i = 1; i < block.length; i++) {
        expect(block[i].stopTimes[0].stopId).toBe(block[i - 1].stopTimes.at(-1)!.stopId);
        expect(block[i].stopTimes[0].departureS).toBeGreaterThan(block[i - 1].stopTimes.at(-1)!.arrivalS);
      }
    }
    const runMin = (t: (typeof trips)[number]) => (t.stopTimes.at(-1)!.arrivalS - t.stopTimes[0].departureS) / 60;
    const lunelTrips = trips.filter((t) => t.pattern === 'lunel').map(runMin);
    expect(Math.min(...lunelTrips)).toBeGreaterThanOrEqual(36);
    expect(Math.max(...lunelTrips)).toBeLessThanOrEqual(51);
    expect(trips.some((t) => t.pattern === 'marsillargues')).toBe(true);
  });

  it('runs Monday to Saturday, 8–22 June 2018', () => {
    const dates = serviceDates();
    expect(dates[0]).toBe('2018-06-08');
    expect(dates.at(-1)).toBe('2018-06-22');
    expect(dates).not.toContain('2018-06-10');
    expect(dates).toHaveLength(13);
  });

  it('keeps libs/data/gtfs/line101 in step with the module (npm run data:gtfs)', () => {
    for (const [name, text] of Object.entries(line101GtfsFiles())) {
      expect(readFileSync(join(__dirname, '..', 'gtfs', 'line101', name), 'utf8'), name).toBe(text);
    }
  });

  it('flags every unsourced vehicle figure as assumed', () => {
    for (const v of Object.values(VEHICLES)) {
      for (const f of Object.values(v)) {
        if (f && typeof f === 'object' && 'source' in f) expect(/assumed|calibrated/.test(f.source) ? f.assumed : true).toBe(true);
      }
    }
  });
});
