/** The outbox's sync loop (pages' logic) with a fake store and fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Syncer, uuid, type Outbox, type OutboxItem, type SendOutcome } from './outbox';

function fakeOutbox(items: Array<OutboxItem<number>>) {
  return {
    items,
    async all() {
      return [...this.items];
    },
    async remove(ids: string[]) {
      this.items = this.items.filter((i) => !ids.includes(i.id));
    },
  };
}

const item = (id: string, ready = true): OutboxItem<number> => ({ id, kind: 'rating', body: 1, ready, createdAt: 0 });
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('Syncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends only ready items, deletes what the server settled and reports refusals', async () => {
    const box = fakeOutbox([item('a'), item('b', false), item('c')]);
    const sent: string[][] = [];
    const refused: string[] = [];
    const syncer = new Syncer<number>({
      outbox: box as unknown as Outbox,
      kind: 'rating',
      send: async (items): Promise<SendOutcome> => {
        sent.push(items.map((i) => i.id));
        return { kind: 'answered', done: items.map((i) => i.id), refused: [{ id: 'c', status: 422, code: 'too_soon' }] };
      },
      onRefused: (r) => refused.push(...r.map((x) => x.id)),
    });
    syncer.kick();
    await flush();
    expect(sent).toEqual([['a', 'c']]);
    expect(box.items.map((i) => i.id)).toEqual(['b']);
    expect(refused).toEqual(['c']);
  });

  it('backs off exponentially while the server cannot take them, honours Retry-After, and resets on success', async () => {
    const box = fakeOutbox([item('a')]);
    const outcomes: SendOutcome[] = [
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', retryAfterMs: 30_000, reason: 'rate limited' },
      { kind: 'answered', done: ['a'], refused: [] },
    ];
    const times: number[] = [];
    const states: boolean[] = [];
    const syncer = new Syncer<number>({
      outbox: box as unknown as Outbox,
      kind: 'rating',
      send: async () => {
        times.push(Date.now());
        return outcomes.shift()!;
      },
      onState: (s) => states.push(s.failing),
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
    await vi.advanceTimersByTimeAsync(29_999);
    expect(times.length).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(times.length).toBe(4); // the server's Retry-After
    expect(times.map((t) => t - t0)).toEqual([0, 2_000, 6_000, 36_000]);
    await flush();
    expect(box.items).toEqual([]);
    expect(states.at(-1)).toBe(false);
  });
});

describe('uuid', () => {
  it('makes RFC 4122 version 4 ids', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(uuid()).toMatch(v4);
    // Plain HTTP (no secure context): no randomUUID, the fallback still makes valid v4 ids.
    const saved = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, () => uuid()));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(v4);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true });
    }
  });
});
