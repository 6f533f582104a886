/**
 * Serialises several client connections onto the one PGlite session, message by message, but never
 * interleaves two connections inside one unit of work. pglite-socket's own queue pins a connection
 * only while a transaction is open; outside one, the extended protocol of two connections
 * (Parse/Bind/Execute … Sync) interleaves and one clobbers the other's unnamed statement
 * ("unnamed prepared statement does not exist"). Here a connection holds the session from its first
 * message until its Sync (or simple Query) completes with no transaction left open.
 * Frontend message types: PostgreSQL protocol 3.0, §55.7 "Message Formats".
 */
import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

/** Ends a unit of work: the session may pass to another connection unless a transaction is open. */
const endsUnit = (message: Uint8Array): boolean => message.length > 0 && (message[0] === SYNC || message[0] === QUERY);

export class PgliteSessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The connection that holds the session, if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
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
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((p) => p.handlerId === this.owner);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        // Messages without a type byte (StartupMessage, SSLRequest) are whole units on their own.
        const typed = item.message.length > 0 && item.message[0] >= 0x41 && item.message[0] <= 0x7a;
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, { onRawData: (data) => { bytes += data.length; item!.onData(data); } }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error as Error);
        }
        if (!typed || (endsUnit(item.message) && !this.db.isInTransaction())) this.owner = null;
      }
    } finally {
      this.processing = false;
    }
  }
}
