/**
 * Keeps telemetry's month partitions ahead of the data (database/telemetry-partitions.ts): on
 * start-up and once a day it creates this month's and the next month's, and any month whose rows
 * wait in DEFAULT; and when the ingest is about to store a sample of a month it has no partition
 * for (a replay of 2018, a unit whose clock jumped), that month is created before the write. Rows
 * in DEFAULT (a creation that failed) are correct, only slower to query and not archivable. Any
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

  /**
   * Before a batch is written: the months of its samples that have no partition yet are created
   * first, so their rows never land in DEFAULT (nothing to move later). Moving rows out of DEFAULT
   * while others read telemetry is what to avoid: a query planned before the move waits for
   * DEFAULT's lock and then finds the rows neither there nor in a partition it knows (a count of 0
   * right after the Ack). Null when every month is known: the hot path costs a Set lookup per sample.
   */
  prepare(samples: ReadonlyArray<{ payload: { ts: string } }>): Promise<void> | null {
    let missing: Set<string> | undefined;
    for (const s of samples) {
      // Days 02–27 of an ISO timestamp are in its own month whatever its offset: no date parsing on the hot path.
      const day = s.payload.ts.slice(8, 10);
      const months = day >= '02' && day <= '27' ? [s.payload.ts.slice(0, 7)] : parisMonthsOf(Date.parse(s.payload.ts));
      for (const month of months) if (!this.known.has(month)) (missing ??= new Set()).add(month);
    }
    if (!missing) return null;
    const months = [...missing];
    // One creation at a time across batches in flight; a failure leaves the rows to DEFAULT (still stored).
    this.chain = this.chain.then(async () => {
      for (const month of months) if (!this.known.has(month)) await this.ensure(month).catch((error: Error) => this.forget(month, error));
    });
    return this.chain;
  }

  /** Creates the partition of `month` if missing (rows already in DEFAULT move into it). Returns rows moved, null if it existed. */
  async ensure(month: string): Promise<number | null> {
    const moved = await this.dataSource.transaction((m) => ensureMonthPartition(m, month));
    this.known.add(month);
    if (moved !== null) this.logger.log(`telemetry partition ${month} created${moved ? `, ${moved} row(s) moved out of DEFAULT` : ''}`);
    return moved;
  }

  private forget(month: string, error: Error): void {
    // The next batch of that month tries again (its rows go to DEFAULT meanwhile), as does the daily round.
    this.known.delete(month);
    this.logger.warn(`telemetry partition ${month} not created: ${error.message}`);
  }
}
