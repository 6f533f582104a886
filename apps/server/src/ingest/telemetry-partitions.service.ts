/**
 * Keeps telemetry's month partitions ahead of the data (database/telemetry-partitions.ts): on
 * start-up and once a day it creates this month's and the next month's, and any month whose rows
 * wait in DEFAULT; and when the ingest stores a sample of a month it has no partition for (a
 * replay of 2018, a unit whose clock jumped), that month is created right after the commit. Until
 * then such rows sit in DEFAULT, which is correct, only slower to query and not archivable. Any
 * ingest process may run it: the creation is serialised by an advisory lock and idempotent.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntervalJob } from '../common/interval-job';
import { ensureMonthPartition, listMonthPartitions, monthsInDefault, nextMonth, parisMonthsOf } from '../database/telemetry-partitions';

const DAILY_MS = 24 * 3600_000;

@Injectable()
export class TelemetryPartitionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TelemetryPartitionsService.name);
  private readonly job = new IntervalJob(null, 'telemetry.partitions', DAILY_MS, () => this.keepAhead(), this.logger);
  /** Months known to have a partition (or being created): the ingest's check costs one Set lookup. */
  private readonly known = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keepAhead();
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    await this.chain;
  }

  /** This month and the next (wall clock), and every month found in DEFAULT. */
  async keepAhead(now = Date.now()): Promise<void> {
    for (const m of await listMonthPartitions(this.dataSource)) this.known.add(m);
    const current = parisMonthsOf(now)[1];
    const wanted = new Set([current, nextMonth(current), ...(await monthsInDefault(this.dataSource))]);
    for (const month of wanted) await this.ensure(month);
  }

  /** After a commit: the months of these samples that have no partition yet are created (in the background, one at a time). */
  note(samples: ReadonlyArray<{ payload: { ts: string } }>): void {
    let missing: Set<string> | undefined;
    for (const s of samples) {
      // Days 02–27 of an ISO timestamp are in its own month whatever its offset: no date parsing on the hot path.
      const day = s.payload.ts.slice(8, 10);
      const months = day >= '02' && day <= '27' ? [s.payload.ts.slice(0, 7)] : parisMonthsOf(Date.parse(s.payload.ts));
      for (const month of months) if (!this.known.has(month)) (missing ??= new Set()).add(month);
    }
    if (!missing) return;
    for (const month of missing) this.known.add(month);
    this.chain = this.chain.then(async () => {
      for (const month of missing) await this.ensure(month).catch((error: Error) => this.forget(month, error));
    });
  }

  /** Creates the partition of `month` if missing (rows already in DEFAULT move into it). Returns rows moved, null if it existed. */
  async ensure(month: string): Promise<number | null> {
    const moved = await this.dataSource.transaction((m) => ensureMonthPartition(m, month));
    this.known.add(month);
    if (moved !== null) this.logger.log(`telemetry partition ${month} created${moved ? `, ${moved} row(s) moved out of DEFAULT` : ''}`);
    return moved;
  }

  private forget(month: string, error: Error): void {
    // The next sample of that month, or the daily round, tries again.
    this.known.delete(month);
    this.logger.warn(`telemetry partition ${month} not created: ${error.message}`);
  }
}
