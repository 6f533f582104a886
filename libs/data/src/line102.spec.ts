import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gtfsFilesOf } from './gtfs';
import { blockIdsOf, LINES, patternOf, tripsOf } from './lines';

describe('line 102 (assumed, libs/data/README.md)', () => {
  const trips = tripsOf('102');

  it('keeps libs/data/gtfs/line102 in step with the module (npm run data:gtfs)', () => {
    for (const [name, text] of Object.entries(gtfsFilesOf(LINES['102']))) {
      expect(readFileSync(join(__dirname, '..', 'gtfs', 'line102', name), 'utf8'), name).toBe(text);
    }
  });

  it('runs about 23 km from Sablassou to Sommières', () => {
    const shape = LINES['102'].buildShape(patternOf('sommieres').pattern);
    expect(shape.at(-1)!.distM).toBeGreaterThan(20_000);
    expect(shape.at(-1)!.distM).toBeLessThan(27_000);
  });

  it('has two blocks per day type whose trips alternate direction, in time order, each ending where the next starts', () => {
    expect(blockIdsOf('102', 'SEM')).toEqual(['102-B1-SEM', '102-B2-SEM']);
    for (const block of [...blockIdsOf('102', 'SEM'), ...blockIdsOf('102', 'SAM')]) {
      const own = trips.filter((t) => t.blockId === block);
      for (let k = 1; k < own.length; k++) {
        expect(own[k].direction).not.toBe(own[k - 1].direction);
        expect(own[k].stopTimes[0].departureS).toBeGreaterThan(own[k - 1].stopTimes.at(-1)!.arrivalS);
        expect(own[k].stopTimes[0].stopId).toBe(own[k - 1].stopTimes.at(-1)!.stopId);
      }
    }
  });

  it('shares no trip id with line 101', () => {
    const ids101 = new Set(tripsOf('101').map((t) => t.tripId));
    expect(trips.every((t) => t.tripId.startsWith('102-') && !ids101.has(t.tripId))).toBe(true);
  });
});
