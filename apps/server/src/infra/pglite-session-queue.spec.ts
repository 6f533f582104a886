/**
 * Who the one PGlite session serves next: never two connections inside one unit of work, the
 * connection whose last unit was shortest first, and nobody waiting beyond MAX_WAIT_MS.
 * A fake session that records the order (the real one is covered by embedded-database.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, PgliteSessionQueue } from './pglite-session-queue';

const QUERY = 0x51;
const msg = (tag: string) => new Uint8Array([QUERY, ...Buffer.from(tag)]);

function fakeSession(clock: { now: number }, costMs: Record<string, number>) {
  const served: string[] = [];
  let inTx = false;
  return {
    served,
    db: {
      async runExclusive<T>(fn: () => Promise<T>) {
        return fn();
      },
      async execProtocolRawStream(m: Uint8Array) {
        const tag = Buffer.from(m.subarray(1)).toString();
        served.push(tag);
        clock.now += costMs[tag[0]] ?? 1;
        if (tag.endsWith('begin')) inTx = true;
        if (tag.endsWith('commit')) inTx = false;
        return new Uint8Array();
      },
      isInTransaction: () => inTx,
      async exec() {
        inTx = false;
        return [];
      },
    },
  };
}

describe('PgliteSessionQueue', () => {
  it('serves the connection whose last unit was shortest first, and keeps a transaction whole', async () => {
    const clock = { now: 0 };
    // Connection 1 (think: the ingest) holds the session 400 ms per statement; 2 (an HTTP request) 1 ms.
    const s = fakeSession(clock, { i: 400, h: 1 });
    const q = new PgliteSessionQueue(s.db as never, () => clock.now);
    await Promise.all([q.enqueue(1, msg('i0'), () => undefined), q.enqueue(2, msg('h0'), () => undefined)]);
    // Now both have a history. The ingest queues a transaction and another unit, the request a query.
    const all = [
      q.enqueue(1, msg('i1 begin'), () => undefined),
      q.enqueue(1, msg('i2'), () => undefined),
      q.enqueue(1, msg('i3 commit'), () => undefined),
      q.enqueue(1, msg('i4'), () => undefined),
      q.enqueue(2, msg('h1'), () => undefined),
    ];
    await Promise.all(all);
    // The transaction that had started stays whole; the short request goes before the next ingest unit.
    expect(s.served).toEqual(['i0', 'h0', 'i1 begin', 'i2', 'i3 commit', 'h1', 'i4']);
  });

  it('lets a long-waiting message go first, whatever its connection', async () => {
    const clock = { now: 0 };
    const s = fakeSession(clock, { i: 400, h: 1 });
    const q = new PgliteSessionQueue(s.db as never, () => clock.now);
    await q.enqueue(1, msg('i0'), () => undefined);
    await q.enqueue(2, msg('h0'), () => undefined);
    // A slow unit of 3's is running; the ingest's message is queued first and waits past the bound.
    const slow = q.enqueue(3, msg('x0'), () => undefined);
    const ingest = q.enqueue(1, msg('i1'), () => undefined);
    clock.now += MAX_WAIT_MS + 1;
    const http = q.enqueue(2, msg('h1'), () => undefined);
    await Promise.all([slow, ingest, http]);
    expect(s.served).toEqual(['i0', 'h0', 'x0', 'i1', 'h1']);
  });
});
