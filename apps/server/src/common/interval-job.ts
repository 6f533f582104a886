/**
 * A job run every `everyMs` (interval from config, so not the constant of @Interval): rounds never
 * overlap in one process, a failed round is logged and the next one tries again, and stop() waits
 * for the round in flight, so that shutdown never closes the database under a running job.
 * Jobs only dispatch to services; electing one runner across processes is the service's business
 * (withAdvisoryXactLock).
 */
import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

export class IntervalJob {
  private inFlight?: Promise<void>;
  private timer?: NodeJS.Timeout;

  /** `registry` null: a process without the scheduler role (an API process keeping its own cache warm). */
  constructor(
    private readonly registry: SchedulerRegistry | null,
    private readonly name: string,
    private readonly everyMs: number,
    private readonly round: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    this.registry?.addInterval(this.name, this.timer);
  }

  /** One round now, unless one is already running (then that one's completion). */
  tick(): Promise<void> {
    this.inFlight ??= this.round()
      .catch((error: Error) => this.logger.error(`${this.name} round failed: ${error.message}`, error.stack))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  async stop(): Promise<void> {
    if (this.registry?.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    clearInterval(this.timer);
    await this.inFlight;
  }
}
