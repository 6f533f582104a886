/**
 * Paces the ingest's MQTT receive loop. mqtt.js handles every packet of a socket read in one
 * macrotask (process.nextTick between packets), and libuv reads up to 32 chunks in a row: a burst
 * of thousands of messages ran for 200–500 ms on the server's event loop, while each database round
 * trip of a transaction holding the embedded PGlite's one session, and every HTTP request, waited
 * behind it (issue 8: a tablet's answer waited seconds). The pacer ends a slice every `every`
 * messages: the next packet is handled after pending I/O (setImmediate), so a query's answer or a
 * request gets in between. The socket is corked for one slice, so the slice's PUBACKs leave in one
 * write instead of one system call each.
 */
import type { Writable } from 'node:stream';

export class PubackPacer {
  private inSlice = 0;

  constructor(
    private readonly every: number,
    private readonly socket: () => Writable | undefined,
  ) {}

  /** Call with mqtt.js' handleMessage callback: sends the PUBACK now, or after pending I/O at a slice's end. */
  release(done: () => void): void {
    if (this.inSlice++ === 0) this.startSlice();
    if (this.inSlice >= this.every) setImmediate(done);
    else done();
  }

  private startSlice(): void {
    const socket = this.socket();
    socket?.cork();
    // Queued before any done() of this slice, so the slice is over (and flushed) when the next packet is handled.
    setImmediate(() => {
      this.inSlice = 0;
      socket?.uncork();
    });
  }
}
