/**
 * Serialises several client connections onto the one PGlite session, message by message, but never
 * interleaves two connections inside one unit of work. pglite-socket's own queue pins a connection
 * only while a transaction is open; outside one, the extended protocol of two connections
 * (Parse/Bind/Execute … Sync) interleaves and one clobbers the other's unnamed statement
 * ("unnamed prepared statement does not exist"). Here a connection holds the session from its first
 * message until its Sync (or simple Query) completes with no transaction left open.
 * Frontend message types: PostgreSQL protocol 3.0, §55.7 "Message Formats".
 *
 * Who goes next when the session frees: the waiting connection whose last unit held the session
 * the shortest time, unless a message has waited longer than MAX_WAIT_MS (then the oldest, FIFO).
 * An HTTP request's transaction (a tablet's answers: a few ms of work) then waits for at most the
 * unit in progress, not behind a queue of ingest batches that each hold the session for hundreds
 * of milliseconds (issue 8); the ingest, which has back-pressure, is delayed by at most the bound.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  /** When it was queued (performance.now()). */
  at: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** Longest a queued message waits while shorter units are served first. */
export const MAX_WAIT_MS = 1_000;

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

/** Ends a unit of work: the session may pass to another connection unless a transaction is open. */
const endsUnit = (message: Uint8Array): boolean => message.length > 0 && (message[0] === SYNC || message[0] === QUERY);

export class PgliteSessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The connection that holds the session, if any. */
  private owner: number | null = null;
  /** Since when the owner has held the session. */
  private heldSince = 0;
  /** How long each connection's last unit held the session (ms). */
  private readonly lastHoldMs = new Map<number, number>();

  constructor(
    private readonly db: Pick<PGlite, 'runExclusive' | 'execProtocolRawStream' | 'isInTransaction' | 'exec'>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject, at: this.clock() });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.lastHoldMs.delete(handlerId);
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection that goes away mid-transaction must not keep the session: roll back and release. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.process();
  }

  private next(): Pending | undefined {
    if (this.owner !== null) {
      const i = this.queue.findIndex((p) => p.handlerId === this.owner);
      return i < 0 ? undefined : this.queue.splice(i, 1)[0];
    }
    if (this.queue.length === 0) return undefined;
    if (this.clock() - this.queue[0].at > MAX_WAIT_MS) return this.queue.shift();
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      if ((this.lastHoldMs.get(this.queue[i].handlerId) ?? 0) < (this.lastHoldMs.get(this.queue[best].handlerId) ?? 0)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        // Messages without a type byte (StartupMessage, SSLRequest) are whole units on their own.
        const typed = item.message.length > 0 && item.message[0] >= 0x41 && item.message[0] <= 0x7a;
        if (this.owner === null) this.heldSince = this.clock();
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error as Error);
        }
        if (!typed || (endsUnit(item.message) && !this.db.isInTransaction())) {
          this.lastHoldMs.set(item.handlerId, this.clock() - this.heldSince);
          this.owner = null;
        }
      }
    } finally {
      this.processing = false;
    }
  }
}
