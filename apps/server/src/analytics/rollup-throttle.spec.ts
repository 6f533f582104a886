import { describe, expect, it } from 'vitest';
import { RollupThrottle } from './rollup-throttle';

const ROUND = 15_000;
const MIN = 60_000;

describe('RollupThrottle: when the scheduled round recomputes a dirty vehicle-day', () => {
  it('a replayed day is computed once, the round after its inputs stop changing', () => {
    const t = new RollupThrottle(MIN);
    expect(t.due('GNV-01|2018-06-11', 'a', 0)).toBe(false); // first seen: being ingested
    expect(t.due('GNV-01|2018-06-11', 'b', ROUND)).toBe(false); // still changing
    expect(t.due('GNV-01|2018-06-11', 'c', 2 * ROUND)).toBe(false);
    expect(t.due('GNV-01|2018-06-11', 'c', 3 * ROUND)).toBe(true); // settled
    t.computed('GNV-01|2018-06-11', 3 * ROUND);
  });

  it('a live day that never stops changing is recomputed once per minRepeat', () => {
    const t = new RollupThrottle(MIN);
    const computedAt: number[] = [];
    for (let round = 0; round <= 20; round++) {
      const now = round * ROUND;
      if (t.due('GNV-01|live', `sig-${round}`, now)) {
        computedAt.push(now);
        t.computed('GNV-01|live', now);
      }
    }
    expect(computedAt).toEqual([60_000, 120_000, 180_000, 240_000, 300_000]);
  });

  it('late data on a computed day waits for minRepeat since the last computation, then goes once settled', () => {
    const t = new RollupThrottle(MIN);
    t.due('DSL-01|d', 'a', 0);
    expect(t.due('DSL-01|d', 'a', ROUND)).toBe(true);
    t.computed('DSL-01|d', ROUND);
    expect(t.due('DSL-01|d', 'b', 2 * ROUND)).toBe(false); // computed 15 s ago
    expect(t.due('DSL-01|d', 'b', 5 * ROUND)).toBe(true); // 60 s after, and settled
  });

  it('minRepeat 0 computes every dirty day at once; forgotten days start over', () => {
    const now0 = new RollupThrottle(0);
    expect(now0.due('x', 'a', 0)).toBe(true);
    now0.computed('x', 0);
    expect(now0.due('x', 'b', 1)).toBe(true);
    const t = new RollupThrottle(MIN);
    t.due('x', 'a', 0);
    t.due('y', 'a', 0);
    expect(t.size).toBe(2);
    t.keepOnly(new Set(['y']));
    expect(t.size).toBe(1);
    expect(t.due('x', 'a', ROUND)).toBe(false); // seen again as new
  });
});
