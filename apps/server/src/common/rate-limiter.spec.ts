import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows the budget, refuses beyond it with a Retry-After, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now); // one per second
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true); // keys are independent
    now += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('never holds more than the budget after a long pause', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    now += 3_600_000;
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')].map((d) => d.allowed)).toEqual([true, true, false]);
    expect(limiter.take('k').retryAfterSeconds).toBe(30);
  });

  it('forgets full buckets when it holds too many keys', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now, 3);
    for (const k of ['a', 'b', 'c']) limiter.take(k);
    now += 60_000;
    limiter.take('d');
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
