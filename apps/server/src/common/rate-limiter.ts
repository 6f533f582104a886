/**
 * Wall-clock rate limit per key (a tablet token, a driver code): a token bucket of `perMinute`
 * tokens refilled continuously. In memory, so the limit holds per API process; with N processes
 * behind a load balancer a client gets at most N × the limit, which is enough against a stuck or
 * abusive tablet (the limit is a safety net, not an accounting rule).
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until one request would be allowed again (for Retry-After). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, cost = 1): RateDecision {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (this.buckets.size >= this.maxKeys && !this.buckets.has(key)) this.evictFull();
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / ratePerMs / 1000)) };
  }

  /** Forgets buckets that have refilled (they hold no information). */
  private evictFull(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * (this.perMinute / 60_000) >= this.perMinute) this.buckets.delete(key);
    }
  }
}
