/**
 * The outbox sync loop of every feedback device — the tablet and driver pages (IndexedDB) and the
 * simulator's tablets and drivers (memory) run this same code:
 *  - one attempt at a time: a slow answer never has a second copy of its batch racing it;
 *  - an item leaves the outbox only when the server has settled it (stored, duplicate, or refused
 *    for good with a 4xx); everything else is retried, for as long as the device lives;
 *  - after a failure, back-off with jitter (or the server's Retry-After) before the next attempt;
 *    a new answer does not cut the wait short (else a fast device would hammer a failing server),
 *    coming back online does.
 */
import { Backoff, type BackoffOptions } from './backoff';

export interface PendingItem<T> {
  id: string;
  body: T;
  /** Bearer credential to send it with (the driver's code; tablets use their device token). */
  auth?: string;
}

/** Where a device keeps its answers until the server settles them. */
export interface OutboxStore<T> {
  /** Items ready to send, oldest first. */
  ready(): Promise<Array<PendingItem<T>>>;
  remove(ids: string[]): Promise<void>;
}

export interface Refusal {
  id: string;
  status: number;
  code: string;
  /** The server's words, for a page to show. */
  message?: string;
}

export type SendOutcome =
  /**
   * Every item listed in `done` is settled: stored, duplicate (also in `duplicates`, when the
   * sender tells them apart), or refused for good (also in `refused`).
   */
  | { kind: 'answered'; done: string[]; refused: Refusal[]; duplicates?: string[] }
  /** Nothing was settled: network down, timeout, 5xx, 429… Try again later (after retryAfterMs if given). */
  | { kind: 'retry'; retryAfterMs?: number; reason: string }
  /** The device's credential was refused (401/403): nothing is settled, and retrying alone will not help. */
  | { kind: 'unauthorized'; reason: string };

export interface SyncState {
  waiting: number;
  failing: boolean;
  /** The credential was refused: answers are kept until staff fix it. */
  unauthorized: boolean;
  reason?: string;
  /** An attempt is in flight, or one is scheduled after a back-off. */
  busy: boolean;
}

export interface SyncOptions<T> extends BackoffOptions {
  store: OutboxStore<T>;
  /** Sends some ready items (it may take fewer than given); never throws. */
  send(items: Array<PendingItem<T>>): Promise<SendOutcome>;
  onRefused?(refused: Refusal[]): void;
  onState?(state: SyncState): void;
}

export class Syncer<T> {
  private readonly backoff: Backoff;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private again = false;
  private stopped = false;
  private current: SyncState = { waiting: 0, failing: false, unauthorized: false, busy: false };

  constructor(private readonly o: SyncOptions<T>) {
    this.backoff = new Backoff(o);
  }

  get state(): SyncState {
    return this.current;
  }

  /**
   * Try now, or when the running attempt ends. While backing off after a failure the scheduled
   * attempt stands, unless `reset` (the network came back, or staff fixed the credential).
   */
  kick(reset = false): void {
    if (this.stopped) return;
    if (reset) this.backoff.reset();
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) {
      if (!reset) return;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    void this.run();
  }

  /** Stops scheduling attempts (the attempt in flight finishes). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    this.running = true;
    let retryIn: number | undefined;
    let unauthorized = false;
    let reason: string | undefined;
    try {
      for (;;) {
        const ready = await this.o.store.ready();
        if (ready.length === 0) break;
        if (typeof navigator !== 'undefined' && navigator.onLine === false) {
          retryIn = this.backoff.next();
          reason = 'offline';
          break;
        }
        const outcome = await this.o.send(ready);
        if (outcome.kind !== 'answered') {
          unauthorized = outcome.kind === 'unauthorized';
          retryIn = outcome.kind === 'retry' && outcome.retryAfterMs !== undefined ? outcome.retryAfterMs : this.backoff.next();
          reason = outcome.reason;
          break;
        }
        this.backoff.reset();
        await this.o.store.remove(outcome.done);
        if (outcome.refused.length) this.o.onRefused?.(outcome.refused);
        if (outcome.done.length === 0) break;
      }
    } catch (error) {
      retryIn = this.backoff.next();
      reason = String(error);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.again && retryIn === undefined) {
      this.again = false;
      void this.run();
      return;
    }
    this.again = false;
    if (retryIn !== undefined)
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, retryIn);
    await this.report(retryIn !== undefined, unauthorized, reason);
  }

  private async report(failing: boolean, unauthorized: boolean, reason?: string): Promise<void> {
    const waiting = (await this.o.store.ready()).length;
    this.current = { waiting, failing, unauthorized, reason, busy: this.running || this.timer !== undefined };
    this.o.onState?.(this.current);
  }
}
