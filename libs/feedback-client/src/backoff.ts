/**
 * Exponential back-off with jitter: base·2^n, capped, ±20 %, so that many devices coming back at
 * once (a coach leaving a dead zone, a server restart) do not retry in step.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Uniform in [0, 1): Math.random in pages, a seeded stream in the simulator. */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(o: BackoffOptions = {}) {
    this.baseMs = o.baseMs ?? 2_000;
    this.maxMs = o.maxMs ?? 5 * 60_000;
    this.random = o.random ?? Math.random;
  }

  /** The wait before the next attempt after one more failure. */
  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return Math.round(delay * (0.8 + this.random() * 0.4));
  }

  reset(): void {
    this.failures = 0;
  }

  get failing(): boolean {
    return this.failures > 0;
  }
}
