/**
 * The on-board unit's outbox (docs/contract.md §2, end-to-end acknowledgement): every message gets the
 * next seq of its stream and stays here until the server's Ack covers it; what is not covered is
 * handed back for republishing after a timeout or on reconnect, with its original ts and seq.
 * Pure bookkeeping, no I/O: the link decides when to publish.
 */
import { STREAMS, type Ack, type Stream } from '@app/contract';

export interface OutboxEntry {
  stream: Stream;
  seq: number;
  payload: string;
  /** Wall-clock ms of the last publish, 0 = never published. */
  sentAt: number;
  publishes: number;
}

/** A FIFO of entries in seq order, cheap to drop from the front when an Ack arrives. */
class StreamQueue {
  private items: OutboxEntry[] = [];
  private head = 0;
  nextSeq: number;
  acked: number;

  constructor(startSeq: number) {
    this.nextSeq = startSeq;
    this.acked = startSeq - 1;
  }

  push(e: OutboxEntry): void {
    this.items.push(e);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Drops every entry with seq ≤ n; returns how many. */
  ackUpTo(n: number): number {
    if (n > this.acked) this.acked = n;
    let dropped = 0;
    while (this.head < this.items.length && this.items[this.head].seq <= n) {
      this.head++;
      dropped++;
    }
    // Compact now and then so the array does not grow for ever.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return dropped;
  }

  *pending(): Generator<OutboxEntry> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}

export class Outbox {
  private readonly queues: Record<Stream, StreamQueue>;
  /** Every message ever enqueued, per stream (the unit's "sent" count). */
  readonly enqueued: Record<Stream, number> = { telemetry: 0, event: 0, vibration: 0 };
  ackedCount = 0;

  constructor(startSeq: Partial<Record<Stream, number>> = {}) {
    this.queues = {
      telemetry: new StreamQueue(startSeq.telemetry ?? 0),
      event: new StreamQueue(startSeq.event ?? 0),
      vibration: new StreamQueue(startSeq.vibration ?? 0),
    };
  }

  /** Numbers a message and keeps it; `render` gets the seq and returns the payload text. */
  add(stream: Stream, render: (seq: number) => string): OutboxEntry {
    const q = this.queues[stream];
    const seq = q.nextSeq++;
    const entry: OutboxEntry = { stream, seq, payload: render(seq), sentAt: 0, publishes: 0 };
    q.push(entry);
    this.enqueued[stream]++;
    return entry;
  }

  /** Numbers a message without keeping it (dry runs: no server will ever ack it). */
  numberOnly(stream: Stream, render: (seq: number) => string): { seq: number; payload: string } {
    const seq = this.queues[stream].nextSeq++;
    this.enqueued[stream]++;
    return { seq, payload: render(seq) };
  }

  /** Applies the server's Ack; returns how many entries it released. */
  applyAck(ack: Ack): number {
    let n = 0;
    for (const s of STREAMS) n += this.queues[s].ackUpTo(ack[s]);
    this.ackedCount += n;
    return n;
  }

  /** Highest seq acknowledged per stream. */
  ackedSeq(stream: Stream): number {
    return this.queues[stream].acked;
  }

  nextSeq(stream: Stream): number {
    return this.queues[stream].nextSeq;
  }

  /** Entries still waiting for an Ack. */
  get waiting(): number {
    return STREAMS.reduce((s, k) => s + this.queues[k].size, 0);
  }

  /**
   * Entries to republish: every un-acked one published before `olderThan` (wall ms), or all
   * un-acked ones when `olderThan` is Infinity (on reconnect). Never-published ones are included.
   */
  due(olderThan: number, limit = Infinity): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const s of STREAMS) {
      for (const e of this.queues[s].pending()) {
        if (out.length >= limit) return out;
        if (e.sentAt < olderThan) out.push(e);
      }
    }
    return out;
  }
}
