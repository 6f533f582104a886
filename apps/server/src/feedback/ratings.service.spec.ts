/** Rules of RatingsService with a mocked repository (the SQL is covered by test/feedback e2e). */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RatingSubmission } from '@app/contract';
import type { ApiException } from '../common/api-error';
import { AnswerTimeBounds } from './answer-time';
import { NO_METRICS } from './feedback.metrics';
import type { FeedbackRepository, NewRating } from './feedback.repository';
import { fingerprint } from './fingerprint';
import type { RatingContextService } from './rating-context.service';
import { RatingsService } from './ratings.service';

const tablet = { vehicleId: 'GNV-01', tabletId: 'GNV-01/abc' };
const NOW = Date.parse('2018-06-11T09:00:00.000Z');

function setup() {
  const stored = new Map<string, NewRating>();
  /** The transaction's manager: only the advisory lock is queried through it directly. */
  const manager = { query: vi.fn(async () => []) };
  const repo = {
    transaction: vi.fn((work: (m: unknown) => Promise<unknown>) => work(manager)),
    vehicleExists: vi.fn(async (_m: unknown, id: string) => id === 'GNV-01' || id === 'DSL-01'),
    ratingFingerprints: vi.fn(
      async (_m: unknown, ids: string[]) => new Map(ids.filter((id) => stored.has(id)).map((id) => [id, stored.get(id)!.fingerprint])),
    ),
    ratingTimesBetween: vi.fn(async (_m: unknown, tabletId: string, from: Date, to: Date) =>
      [...stored.values()]
        .filter((r) => r.tablet_id === tabletId && Date.parse(r.answered_at) >= from.getTime() && Date.parse(r.answered_at) <= to.getTime())
        .map((r) => new Date(r.answered_at)),
    ),
    insertRatings: vi.fn(async (_m: unknown, rows: NewRating[]) => {
      for (const r of rows) stored.set(r.id, r);
    }),
  };
  const context = { fillFor: vi.fn(async () => undefined) };
  const service = new RatingsService(repo as unknown as FeedbackRepository, context as unknown as RatingContextService, NO_METRICS, BOUNDS);
  service.now = () => NOW;
  return { service, repo, context, stored, manager };
}

const answer = (o: Partial<RatingSubmission> = {}): RatingSubmission => ({
  id: randomUUID(),
  vehicleId: 'GNV-01',
  answeredAt: '2018-06-11T08:00:00.000Z',
  language: 'fr',
  complete: true,
  overall: 4,
  ...o,
});

async function rejection(p: Promise<unknown>): Promise<ApiException> {
  try {
    await p;
  } catch (error) {
    return error as ApiException;
  }
  throw new Error('did not reject');
}

const BOUNDS = new AnswerTimeBounds({ ANSWERED_AT_MARGIN_DAYS: 30 } as never);

describe('RatingsService', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('stores with both times, the sanitised comment and a fingerprint, and fills the context in the same transaction', async () => {
    const a = answer({ comment: ' ok\u0000 ', smoothness: 2 });
    expect(await s.service.submit(tablet, a)).toEqual({ id: a.id, status: 'stored' });
    const row = s.stored.get(a.id)!;
    expect(row).toMatchObject({
      vehicle_id: 'GNV-01',
      tablet_id: 'GNV-01/abc',
      answered_at: a.answeredAt,
      comment: 'ok',
      smoothness: 2,
      temperature: null,
    });
    expect(row.received_at.getTime()).toBe(NOW);
    expect(row.fingerprint).toBe(fingerprint(a));
    expect(s.manager.query).toHaveBeenCalledWith('SELECT pg_advisory_xact_lock(hashtext($1))', ['rating:GNV-01/abc']);
    expect(s.context.fillFor).toHaveBeenCalledWith([a.id], s.manager);
  });

  it('is idempotent: duplicate for the same body, 409 for another body under the same id', async () => {
    const a = answer();
    await s.service.submit(tablet, a);
    expect(await s.service.submit(tablet, { ...a })).toEqual({ id: a.id, status: 'duplicate' });
    expect(s.context.fillFor).toHaveBeenCalledTimes(1);
    const e = await rejection(s.service.submit(tablet, { ...a, overall: 1 }));
    expect([e.getStatus(), e.body.code]).toEqual([409, 'id_conflict']);
  });

  it('judges the 5-second minimum on the tablet clock, not on the server clock', async () => {
    await s.service.submit(tablet, answer({ answeredAt: '2018-06-11T08:00:00.000Z' }));
    const e = await rejection(s.service.submit(tablet, answer({ answeredAt: '2018-06-11T08:00:04.999Z' })));
    expect([e.getStatus(), e.body.code]).toEqual([422, 'too_soon']);
    // Hours of tablet time delivered within the same server millisecond (an outbox after a network cut) are fine.
    for (let i = 1; i <= 5; i++) {
      expect(
        (await s.service.submit(tablet, answer({ answeredAt: new Date(Date.parse('2018-06-11T08:00:00.000Z') + i * 5000).toISOString() })))
          .status,
      ).toBe('stored');
    }
  });

  it('refuses another vehicle (403), a future tablet time (422) and an unknown vehicle (422)', async () => {
    expect((await rejection(s.service.submit(tablet, answer({ vehicleId: 'DSL-01' })))).body.code).toBe('vehicle_mismatch');
    expect((await rejection(s.service.submit(tablet, answer({ answeredAt: new Date(NOW + 6 * 60_000).toISOString() })))).body.code).toBe(
      'answered_in_future',
    );
    expect((await s.service.submit(tablet, answer({ answeredAt: new Date(NOW + 4 * 60_000).toISOString() }))).status).toBe('stored');
    // A clock fallen back to the epoch or year 1: refused, not stored (trial start − 30 days is the default bound).
    for (const answeredAt of ['1970-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '2018-05-08T23:59:59.000Z']) {
      expect((await rejection(s.service.submit(tablet, answer({ answeredAt })))).body.code).toBe('answered_too_early');
    }
    expect((await s.service.submit(tablet, answer({ answeredAt: '2018-05-09T00:00:00.000Z' }))).status).toBe('stored');
    const ghost = { vehicleId: 'XXX-01', tabletId: 'XXX-01/1' };
    expect((await rejection(s.service.submit(ghost, answer({ vehicleId: 'XXX-01' })))).body.code).toBe('unknown_vehicle');
  });

  it('answers a batch item by item and fills the context of the stored ones once', async () => {
    const ok = answer();
    const result = await s.service.submitBatch(tablet, [ok, { ...answer(), overall: 0 }, answer({ vehicleId: 'DSL-01' }), ok, 'junk']);
    expect(result).toMatchObject({ stored: 1, duplicates: 1, rejected: 3 });
    expect(result.results.map((r) => [r.index, r.status, r.httpStatus])).toEqual([
      [0, 'stored', 201],
      [1, 'rejected', 400],
      [2, 'rejected', 403],
      [3, 'duplicate', 200],
      [4, 'rejected', 400],
    ]);
    expect(s.context.fillFor).toHaveBeenCalledWith([ok.id], s.manager);
  });

  it('stores a whole batch in one transaction and one insert, applying the 5-second rule inside the batch too', async () => {
    const at = (s: number) => new Date(Date.parse('2018-06-11T08:00:00.000Z') + s * 1000).toISOString();
    const items = [
      answer({ answeredAt: at(0) }),
      answer({ answeredAt: at(3) }),
      answer({ answeredAt: at(10) }),
      answer({ answeredAt: at(20) }),
    ];
    const result = await s.service.submitBatch(tablet, items);
    expect(result.results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored', 'stored']);
    expect(result.results[1]).toMatchObject({ httpStatus: 422, error: { code: 'too_soon' } });
    expect(s.repo.transaction).toHaveBeenCalledTimes(1);
    expect(s.repo.insertRatings).toHaveBeenCalledTimes(1);
    expect(s.stored.size).toBe(3);
  });

  it('keeps the device and its sequence with the answer', async () => {
    const a = answer({ deviceId: randomUUID(), deviceSeq: 7 });
    await s.service.submit(tablet, a);
    expect(s.stored.get(a.id)).toMatchObject({ device_id: a.deviceId, device_seq: 7 });
  });

  it('retries once when two first submissions of one id race (unique violation)', async () => {
    const a = answer();
    s.repo.insertRatings.mockImplementationOnce(async (_m: unknown, rows: NewRating[]) => {
      for (const r of rows) s.stored.set(r.id, r);
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    });
    expect(await s.service.submit(tablet, a)).toEqual({ id: a.id, status: 'duplicate' });
  });
});
