/**
 * Fills the context (trip, position, stop segment) of ratings. Called right after a rating is
 * stored (best effort: telemetry may not be there yet) and by the scheduler for ratings still
 * pending. Analytics may call `fillMissingContext()` before computing per-trip or per-segment
 * figures, e.g. after a replay: `fillMissingContext({ includeSettled: true, vehicleId, from, to })`.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RatingContextRepository } from './rating-context.repository';

export interface FillOptions {
  /** Re-check settled ratings too (a late replay may have brought their telemetry). */
  includeSettled?: boolean;
  vehicleId?: string;
  /** Bounds on answeredAt (ISO-8601). */
  from?: string;
  to?: string;
  /** Ratings per statement (default 500). */
  batchSize?: number;
  /** Stop after this many ratings (default: all that qualify at the call's start). */
  max?: number;
  /** Look only at ratings not checked since this instant (default: the call's start). */
  checkedBefore?: Date;
}

export interface FillSummary {
  checked: number;
  complete: number;
  settled: number;
  pending: number;
}

@Injectable()
export class RatingContextService {
  private readonly logger = new Logger(RatingContextService.name);

  constructor(
    private readonly repository: RatingContextRepository,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Context of freshly stored ratings; never fails the caller (the job retries what is missing).
   * Given the storing transaction's manager, it runs inside it behind a savepoint: on the embedded
   * PGlite a second statement after the commit would wait for the one session all over again.
   */
  async fillFor(ids: string[], manager?: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    const m = manager ?? this.dataSource.manager;
    try {
      if (manager) await m.query('SAVEPOINT rating_context');
      await this.repository.fill(m, { ids, limit: ids.length });
      if (manager) await m.query('RELEASE SAVEPOINT rating_context');
    } catch (error) {
      if (manager) await m.query('ROLLBACK TO SAVEPOINT rating_context');
      this.logger.warn(`context of ${ids.length} new rating(s) left for the scheduler: ${(error as Error).message}`);
    }
  }

  /**
   * Fills every rating whose context is still pending (and, with includeSettled, settled ones),
   * batch by batch; each rating is looked at once per call. Pass `manager` to run inside a
   * caller's transaction (the scheduled job does, under its advisory lock).
   */
  async fillMissingContext(options: FillOptions = {}, manager: EntityManager = this.dataSource.manager): Promise<FillSummary> {
    const startedAt = options.checkedBefore ?? new Date(Date.now() - 1);
    const batchSize = options.batchSize ?? 500;
    const summary: FillSummary = { checked: 0, complete: 0, settled: 0, pending: 0 };
    for (;;) {
      const remaining = options.max === undefined ? batchSize : Math.min(batchSize, options.max - summary.checked);
      if (remaining <= 0) break;
      const outcomes = await this.repository.fill(manager, {
        checkedBefore: startedAt,
        includeSettled: options.includeSettled,
        vehicleId: options.vehicleId,
        from: options.from,
        to: options.to,
        limit: remaining,
      });
      for (const o of outcomes) summary[o.context_status] += 1;
      summary.checked += outcomes.length;
      if (outcomes.length < remaining) break;
    }
    return summary;
  }
}
