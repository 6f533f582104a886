/**
 * Runs `work` on what was queued, one run at a time: items queued while a run is in progress wait
 * for the next run, all together. The alerts' evaluation never holds the ingest up (the commit and
 * the ack are done before anything is queued), and under load it judges bigger chunks instead of
 * queueing transactions. A failed run is logged; its items are not retried (the next data re-judges
 * the condition).
 */
import type { Logger } from '@nestjs/common';

export class CoalescingRunner<T> {
  private queue: T[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly work: (items: T[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  push(item: T): void {
    if (this.stopped) return;
    this.queue.push(item);
    this.running ??= this.loop();
  }

  /** Resolves once everything queued so far has been worked on. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length) {
        const items = this.queue;
        this.queue = [];
        try {
          await this.work(items);
        } catch (error) {
          this.logger.error(`${this.what} failed: ${(error as Error).message}`, (error as Error).stack);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
