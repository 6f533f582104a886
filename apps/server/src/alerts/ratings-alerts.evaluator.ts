/**
 * Judges the streak of low ratings as tablets' answers are committed (api role, where the feedback
 * is received): from this process's commits (LiveBus.committed), each vehicle's latest ratings in
 * the tablets' own time order. One observation per vehicle and commit, at the newest answer's
 * time: a late answer older than the newest judged changes nothing.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { lowRatingStreak } from '@app/domain';
import { filter, type Subscription } from 'rxjs';
import { LiveBus, type CommittedData } from '../live/live-bus.service';
import { AlertEngine, type ConditionInput } from './alert-engine';
import { AlertsRepository } from './alerts.repository';
import { CoalescingRunner } from './coalescing-runner';

type RatingsCommit = Extract<CommittedData, { kind: 'ratings' }>;

/** Ratings read per vehicle: a longer streak than this is reported as this (well past any threshold). */
const STREAK_WINDOW = 100;

@Injectable()
export class RatingsAlertsEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RatingsAlertsEvaluator.name);
  private readonly runner = new CoalescingRunner<RatingsCommit>((c) => this.judge(c), this.logger, 'rating alert evaluation');
  private subscription?: Subscription;

  constructor(
    private readonly bus: LiveBus,
    private readonly engine: AlertEngine,
    private readonly repository: AlertsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.committed
      .pipe(filter((c): c is RatingsCommit => c.kind === 'ratings'))
      .subscribe((c) => this.runner.push(c));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.runner.stop();
  }

  drain(): Promise<void> {
    return this.runner.drain();
  }

  private async judge(commits: RatingsCommit[]): Promise<void> {
    const vehicles = [...new Set(commits.flatMap((c) => c.vehicleIds))].sort();
    const inputs: ConditionInput[] = [];
    for (const vehicleId of vehicles) {
      const latest = await this.repository.latestRatings(vehicleId, STREAK_WINDOW);
      if (latest.length === 0) continue;
      const ts = latest[0].answered_at.getTime();
      const overall = latest.map((r) => r.overall);
      inputs.push({
        ruleId: 'ratings_low_streak',
        vehicleId,
        observe: (memory, params) => ({
          memory,
          observations: [{ ts, values: { streak: lowRatingStreak(overall, params.options.maxOverall) } }],
        }),
      });
    }
    await this.engine.evaluate(inputs);
    // The tablets were heard from now, on the data's clock (absence-conditions.ts).
    const clock = await this.repository.fleetDataClock();
    if (clock !== null)
      await this.repository.touchHeard(vehicles.map((vehicleId) => ({ vehicleId, source: 'tablet' as const, dataTs: clock })));
  }
}
