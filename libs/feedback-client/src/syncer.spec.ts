/** The devices' sync loop (pages and simulator) with a memory store and fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff';
import { Syncer, type OutboxStore, type PendingItem, type SendOutcome } from './syncer';

function memoryStore(ids: string[]) {
  const box = {
    items: ids.map((id): PendingItem<number> => ({ id, body: 1 })),
    async ready() {
      return [...box.items];
    },
    async remove(gone: string[]) {
      box.items = box.items.filter((i) => !gone.includes(i.id));
    },
  };
  return box satisfies OutboxStore<number>;
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('Syncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deletes what the server settled and reports refusals', async () => {
    const box = memoryStore(['a', 'c']);
    const sent: string[][] = [];
    const refused: string[] = [];
    const syncer = new Syncer<number>({
      store: box,
      send: async (items): Promise<SendOutcome> => {
        sent.push(items.map((i) => i.id));
        return { kind: 'answered', done: items.map((i) => i.id), refused: [{ id: 'c', status: 422, code: 'too_soon' }] };
      },
      onRefused: (r) => refused.push(...r.map((x) => x.id)),
      random: () => 0.5,
    });
    syncer.kick();
    await flush();
    expect(sent).toEqual([['a', 'c']]);
    expect(box.items).toEqual([]);
    expect(refused).toEqual(['c']);
  });

  it('backs off exponentially while the server cannot take them, honours Retry-After, and resets on success', async () => {
    const box = memoryStore(['a']);
    const outcomes: SendOutcome[] = [
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', retryAfterMs: 30_000, reason: 'rate limited' },
      { kind: 'answered', done: ['a'], refused: [] },
    ];
    const times: number[] = [];
    const states: boolean[] = [];
    const syncer = new Syncer<number>({
      store: box,
      send: async () => {
        times.push(Date.now());
        return outcomes.shift()!;
      },
      onState: (s) => states.push(s.failing),
      random: () => 0.5, // no jitter
    });
    const t0 = Date.now();
    syncer.kick();
    await flush();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(times.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(times.length).toBe(2); // after 2 s
    await vi.advanceTimersByTimeAsync(4_000);
    expect(times.length).toBe(3); // then 4 s
    await vi.advanceTimersByTimeAsync(30_000);
    expect(times.map((t) => t - t0)).toEqual([0, 2_000, 6_000, 36_000]); // then the server's Retry-After
    await flush();
    expect(box.items).toEqual([]);
    expect(states.at(-1)).toBe(false);
  });

  it('spreads retries with ±20 % jitter, doubling up to a ceiling', () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(1_600);
    expect(new Backoff({ random: () => 0.99999 }).next()).toBe(2_400);
    const b = new Backoff({ baseMs: 1_000, maxMs: 5_000, random: () => 0.5 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    b.reset();
    expect(b.next()).toBe(1_000);
  });

  it('never has two attempts in flight: a slow answer is not re-posted while it is awaited', async () => {
    const box = memoryStore(['a']);
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const syncer = new Syncer<number>({
      store: box,
      send: async (items) => {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 60_000)); // the server takes a minute
        inFlight--;
        return { kind: 'answered', done: items.map((i) => i.id), refused: [] };
      },
    });
    syncer.kick();
    for (let i = 0; i < 50; i++) {
      box.items.push({ id: `n${i}`, body: 1 });
      syncer.kick(); // every new answer asks for a sync
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(120_000);
    expect(maxInFlight).toBe(1);
    expect(calls).toBe(2); // the first batch, then everything that came meanwhile
    expect(box.items).toEqual([]);
  });

  it('does not cut a back-off short for a new answer, but does when the network comes back', async () => {
    const box = memoryStore(['a']);
    const times: number[] = [];
    let ok = false;
    const syncer = new Syncer<number>({
      store: box,
      send: async (items) => {
        times.push(Date.now());
        return ok ? { kind: 'answered', done: items.map((i) => i.id), refused: [] } : { kind: 'retry', reason: 'network' };
      },
      random: () => 0.5,
    });
    const t0 = Date.now();
    syncer.kick();
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    syncer.kick(); // a new answer while backing off
    await flush();
    expect(times.length).toBe(1);
    ok = true;
    syncer.kick(true); // online again
    await flush();
    expect(times.map((t) => t - t0)).toEqual([0, 500]);
    expect(box.items).toEqual([]);
  });

  it('keeps everything, and says so, when the credential is refused', async () => {
    const box = memoryStore(['a', 'b']);
    const syncer = new Syncer<number>({ store: box, send: async () => ({ kind: 'unauthorized', reason: 'HTTP 401' }) });
    syncer.kick();
    await flush();
    await flush();
    expect(box.items.length).toBe(2);
    expect(syncer.state).toMatchObject({ waiting: 2, unauthorized: true, failing: true });
    syncer.stop();
  });
});
