import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { PubackPacer } from './puback-pacer';

const nextMacrotask = () => new Promise((r) => setImmediate(r));

describe('PubackPacer', () => {
  it('releases in order, lets I/O in after every slice, and writes a slice’s PUBACKs in one go', async () => {
    const writes: number[] = [];
    let chunksWritten = 0;
    const record = (n: number, cb: () => void) => {
      chunksWritten += n;
      writes.push(n);
      cb();
    };
    const socket = new Writable({ write: (_c, _e, cb) => record(1, cb), writev: (chunks, cb) => record(chunks.length, cb) });
    const pacer = new PubackPacer(3, () => socket);
    const released: number[] = [];
    // Like mqtt.js: the next packet is only handled once the previous one's done() ran.
    const handle = (i: number): Promise<void> =>
      new Promise((resolve) =>
        pacer.release(() => {
          released.push(i);
          socket.write(`puback ${i}`);
          resolve();
        }),
      );
    // Something waiting for the event loop (a query's answer) gets in at the end of the first slice.
    setImmediate(() => released.push(-1));
    for (let i = 0; i < 7; i++) await handle(i);
    await nextMacrotask();
    expect(released).toEqual([0, 1, -1, 2, 3, 4, 5, 6]);
    expect(chunksWritten).toBe(7);
    // Slices of three: [0, 1], then 2 released after I/O with [3, 4], … — never one write per PUBACK.
    expect(writes.length).toBeLessThan(7);
    expect(socket.writableCorked).toBe(0);
  });

  it('works without a socket (not connected yet)', async () => {
    const pacer = new PubackPacer(2, () => undefined);
    const released: number[] = [];
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => pacer.release(() => (released.push(i), r())));
    expect(released).toEqual([0, 1, 2, 3, 4]);
  });
});
