/**
 * When the scheduled round recomputes a dirty vehicle-day. A day still being ingested changes at
 * every batch, and each recomputation reads the whole day again:
 *  - a day whose inputs stopped changing since the previous round (a replayed day once the replay
 *    has moved on, late data that has arrived) is computed now;
 *  - a day still changing (a live day, a day being replayed) waits until it has been changing for
 *    `minRepeatMs`, and is then recomputed at most once per `minRepeatMs`.
 * At 1× a live day is thus refreshed every minute as before; a replay at full speed no longer
 * computes each day once half-ingested and again when complete (twice the rollup work on the
 * embedded PGlite's one session, issue 8). `minRepeatMs` = 0 computes every dirty day at once.
 */
export class RollupThrottle {
  /** Per vehicle-day: the signature seen at the previous round, since when it has been changing, when last computed. */
  private readonly days = new Map<string, { signature: string; changingSince: number; computedAt?: number }>();

  constructor(private readonly minRepeatMs: number) {}

  /** Days tracked: the scheduled round asks the database for this many more dirty days than it computes. */
  get size(): number {
    return this.days.size;
  }

  /** Called once per dirty day and round, with the signature of its current inputs. */
  due(key: string, signature: string, now: number): boolean {
    const seen = this.days.get(key);
    const settled = seen?.signature === signature;
    this.days.set(key, { signature, changingSince: seen?.changingSince ?? now, computedAt: seen?.computedAt });
    if (seen?.computedAt !== undefined && now - seen.computedAt < this.minRepeatMs) return false;
    return settled || now - (seen?.changingSince ?? now) >= this.minRepeatMs;
  }

  /** The day was recomputed: the next change counts from now. */
  computed(key: string, now: number): void {
    const day = this.days.get(key);
    this.days.set(key, { signature: day?.signature ?? '', changingSince: now, computedAt: now });
  }

  /** Forgets the days that are no longer dirty (the round's list), so the map stays the size of the backlog. */
  keepOnly(keys: Set<string>): void {
    for (const key of this.days.keys()) if (!keys.has(key)) this.days.delete(key);
  }
}
