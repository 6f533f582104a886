/**
 * The rules of passenger ratings (issue 5):
 *  - the tablet's token decides the vehicle: a body naming another vehicle is refused (403);
 *  - idempotent on the tablet's UUID: first store → stored, same body again → duplicate, same id
 *    with another body → 409 `id_conflict`;
 *  - anti-abuse, minimum interval: two answers of one tablet less than 5 s apart ON THE TABLET'S
 *    CLOCK (answeredAt) → 422 `too_soon`. Not the server's clock: the simulator replays 2018 at
 *    high speed and the outbox delivers hours of answers at once after a network cut, both
 *    legitimate. The page enforces the same 5 s before a passenger can answer again. The
 *    wall-clock limit is the per-token rate limit of the guard (429);
 *  - answeredAt at most 5 min ahead of the server (a tablet clock cannot be in the future);
 *  - comment: ≤ 500 characters (schema), control characters stripped, stored as plain text.
 * Both times are stored: answered_at (tablet) and received_at (server).
 */
import { Injectable, Logger, Optional } from '@nestjs/common';
import {
  ratingSubmissionSchema,
  sanitizeComment,
  TABLET_MIN_INTERVAL_MS,
  type BatchItemResult,
  type BatchResult,
  type Page,
  type RatingQuery,
  type RatingRecord,
  type RatingSubmission,
  type SubmissionResult,
} from '@app/contract';
import { ApiException, validationException } from '../common/api-error';
import { AnswerTimeBounds, answerTimeRefusal } from './answer-time';
import { advisoryXactLock } from '../common/advisory-lock';
import { csvLine } from '../common/csv';
import { parisTime } from '../common/paris-time';
import { keysetCsv, keysetPage } from './cursor';
import { onceById } from './once-by-id';
import type { TabletPrincipal } from '../auth/principal';
import { FeedbackRepository, type NewRating, type RatingRow } from './feedback.repository';
import { fingerprint } from './fingerprint';
import { FeedbackMetrics } from './feedback.metrics';
import { LiveBus } from '../live/live-bus.service';
import { RatingContextService } from './rating-context.service';

export const RATING_CSV_COLUMNS = [
  'id',
  'vehicle_id',
  'answered_at_utc',
  'answered_at_paris',
  'received_at_utc',
  'language',
  'complete',
  'overall',
  'smoothness',
  'temperature',
  'noise',
  'seat',
  'comment',
  'trip_id',
  'trip_direction',
  'driver_id',
  'lat',
  'lon',
  'position_ts_utc',
  'segment_from_stop_id',
  'segment_to_stop_id',
  'at_stop',
  'context_status',
  'device_id',
  'device_seq',
] as const;

@Injectable()
export class RatingsService {
  private readonly logger = new Logger(RatingsService.name);
  /** Server clock (ms); replaced in unit tests. */
  now: () => number = () => Date.now();

  constructor(
    private readonly repository: FeedbackRepository,
    private readonly context: RatingContextService,
    private readonly metrics: FeedbackMetrics,
    private readonly answerTime: AnswerTimeBounds,
    @Optional() private readonly live?: LiveBus,
  ) {}

  async submit(tablet: TabletPrincipal, input: RatingSubmission): Promise<SubmissionResult> {
    const [outcome] = await this.storeAll(tablet, [input]);
    if (outcome instanceof ApiException) throw outcome;
    return outcome;
  }

  /**
   * Each item is validated and judged on its own (an invalid item never fails the valid ones),
   * but all of them are stored in ONE transaction: on the embedded PGlite every transaction waits
   * for the one session, behind the ingest's batches, and a batch of 100 transactions took longer
   * than the tablet's patience during a replay (issue 8).
   */
  async submitBatch(tablet: TabletPrincipal, items: unknown[]): Promise<BatchResult> {
    const results: BatchItemResult[] = new Array(items.length);
    const valid: Array<{ index: number; input: RatingSubmission }> = [];
    for (const [index, item] of items.entries()) {
      const parsed = ratingSubmissionSchema.safeParse(item);
      if (parsed.success) valid.push({ index, input: parsed.data });
      else {
        this.metrics.count('rating', 'validation_failed');
        results[index] = {
          index,
          id: rawIdOf(item),
          status: 'rejected',
          httpStatus: 400,
          error: validationException(parsed.error, 'body', ['ratings', index]).body,
        };
      }
    }
    const outcomes = await this.storeAll(
      tablet,
      valid.map((v) => v.input),
    );
    valid.forEach(({ index, input }, k) => {
      const o = outcomes[k];
      results[index] =
        o instanceof ApiException
          ? { index, id: input.id, status: 'rejected', httpStatus: o.getStatus(), error: o.body }
          : { index, id: o.id, status: o.status, httpStatus: o.status === 'stored' ? 201 : 200 };
    });
    const stored = results.filter((r) => r.status === 'stored');
    const rejected = results.filter((r) => r.status === 'rejected').length;
    if (rejected > 0) this.logger.warn(`${tablet.tabletId}: ${rejected} of ${items.length} batch item(s) rejected`);
    return { stored: stored.length, duplicates: results.filter((r) => r.status === 'duplicate').length, rejected, results };
  }

  /** Judges and stores valid submissions in order, in one transaction; one outcome per input. */
  private async storeAll(tablet: TabletPrincipal, inputs: RatingSubmission[]): Promise<Array<SubmissionResult | ApiException>> {
    if (inputs.length === 0) return [];
    const nowMs = this.now();
    const outcomes = await onceById(() =>
      this.repository.transaction(async (m) => {
        // One tablet's submissions one at a time, so the 5-second check cannot race with itself.
        await advisoryXactLock(m, `rating:${tablet.tabletId}`);
        const stored = await this.repository.ratingFingerprints(
          m,
          inputs.map((i) => i.id),
        );
        const vehicleKnown = await this.repository.vehicleExists(m, tablet.vehicleId);
        const times = inputs.map((i) => Date.parse(i.answeredAt));
        const taken = (
          await this.repository.ratingTimesBetween(
            m,
            tablet.tabletId,
            new Date(Math.min(...times) - TABLET_MIN_INTERVAL_MS),
            new Date(Math.max(...times) + TABLET_MIN_INTERVAL_MS),
          )
        ).map((d) => d.getTime());
        const rows: NewRating[] = [];
        const results = inputs.map((input, k): SubmissionResult | ApiException => {
          const print = fingerprint(input);
          const misfit = misfitOf(tablet, input, times[k], nowMs, this.answerTime.earliestMs);
          if (misfit) return misfit;
          const existing = stored.get(input.id);
          if (existing !== undefined) return duplicateOrConflict(input.id, existing, print);
          const refusal = refusalOf(input, times[k], vehicleKnown, taken);
          if (refusal) return refusal;
          stored.set(input.id, print);
          taken.push(times[k]);
          rows.push(toNewRating(tablet, input, print, new Date(nowMs)));
          return { id: input.id, status: 'stored' };
        });
        await this.repository.insertRatings(m, rows);
        if (rows.length)
          await this.context.fillFor(
            rows.map((r) => r.id),
            m,
          );
        return results;
      }),
    );
    for (const o of outcomes) this.metrics.count('rating', o instanceof ApiException ? o.body.code : o.status);
    // Committed: the alerts judge the vehicle's ratings (the streak of low ones).
    if (outcomes.some((o) => !(o instanceof ApiException) && o.status === 'stored'))
      this.live?.publishCommitted({ kind: 'ratings', vehicleIds: [tablet.vehicleId] });
    return outcomes;
  }

  page(query: RatingQuery): Promise<Page<RatingRecord>> {
    return keysetPage((after, limit) => this.repository.listRatings(query, after, limit), query.cursor, query.limit, toRecord);
  }

  /** Every matching rating as CSV, page by page (keyset); the cursor is checked before the first byte is sent. */
  csv(query: RatingQuery): AsyncGenerator<string> {
    return keysetCsv(
      RATING_CSV_COLUMNS,
      (after, limit) => this.repository.listRatings(query, after, limit),
      query.cursor,
      (r) => csvLine(csvValues(r)),
    );
  }
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const rawIdOf = (item: unknown): string | null =>
  typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;

function duplicateOrConflict(id: string, stored: string, submitted: string): SubmissionResult | ApiException {
  if (stored === submitted) return { id, status: 'duplicate' };
  return new ApiException(409, 'id_conflict', `id ${id} was already used for a different answer`, [
    { path: 'id', code: 'id_conflict', message: 'already used for a different answer' },
  ]);
}

/** What no tablet may send, stored or not: another coach's answer, a time in the future or before the trial. */
function misfitOf(
  tablet: TabletPrincipal,
  input: RatingSubmission,
  answeredMs: number,
  nowMs: number,
  earliestMs: number,
): ApiException | null {
  if (input.vehicleId !== tablet.vehicleId) {
    return new ApiException(403, 'vehicle_mismatch', `this tablet belongs to ${tablet.vehicleId}, not ${input.vehicleId}`, [
      { path: 'vehicleId', code: 'vehicle_mismatch', message: `must be ${tablet.vehicleId}` },
    ]);
  }
  return answerTimeRefusal(answeredMs, nowMs, earliestMs);
}

/** The rules a new answer must pass; `taken` holds this tablet's answer times near it (ms). */
function refusalOf(input: RatingSubmission, answeredMs: number, vehicleKnown: boolean, taken: number[]): ApiException | null {
  if (!vehicleKnown) {
    return new ApiException(422, 'unknown_vehicle', `vehicle ${input.vehicleId} is not in the trial`, [
      { path: 'vehicleId', code: 'unknown_vehicle', message: 'not a vehicle of the trial' },
    ]);
  }
  const near = taken.find((t) => Math.abs(t - answeredMs) < TABLET_MIN_INTERVAL_MS);
  if (near !== undefined) {
    const s = TABLET_MIN_INTERVAL_MS / 1000;
    return new ApiException(
      422,
      'too_soon',
      `another answer of this tablet was given at ${new Date(near).toISOString()}, less than ${s} s apart (tablet clock)`,
      [{ path: 'answeredAt', code: 'too_soon', message: `less than ${s} s from another answer of this tablet (tablet clock)` }],
    );
  }
  return null;
}

function toNewRating(tablet: TabletPrincipal, input: RatingSubmission, print: string, receivedAt: Date): NewRating {
  return {
    id: input.id,
    vehicle_id: input.vehicleId,
    tablet_id: tablet.tabletId,
    answered_at: input.answeredAt,
    received_at: receivedAt,
    language: input.language,
    complete: input.complete,
    overall: input.overall,
    smoothness: input.smoothness ?? null,
    temperature: input.temperature ?? null,
    noise: input.noise ?? null,
    seat: input.seat ?? null,
    comment: sanitizeComment(input.comment) ?? null,
    fingerprint: print,
    device_id: input.deviceId ?? null,
    device_seq: input.deviceSeq ?? null,
  };
}

export function toRecord(r: RatingRow): RatingRecord {
  return {
    id: r.id,
    vehicleId: r.vehicle_id,
    answeredAt: r.answered_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    language: r.language as RatingRecord['language'],
    complete: r.complete,
    overall: r.overall,
    smoothness: r.smoothness,
    temperature: r.temperature,
    noise: r.noise,
    seat: r.seat,
    comment: r.comment,
    tripId: r.trip_id,
    tripDirection: r.trip_direction,
    driverId: r.driver_id,
    lat: r.lat,
    lon: r.lon,
    positionTs: iso(r.position_ts),
    segmentFromStopId: r.segment_from_stop_id,
    segmentToStopId: r.segment_to_stop_id,
    atStop: r.at_stop,
    contextStatus: r.context_status,
    deviceId: r.device_id,
    deviceSeq: r.device_seq,
  };
}

function csvValues(r: RatingRow) {
  return [
    r.id,
    r.vehicle_id,
    iso(r.answered_at),
    parisTime(r.answered_at),
    iso(r.received_at),
    r.language,
    r.complete,
    r.overall,
    r.smoothness,
    r.temperature,
    r.noise,
    r.seat,
    r.comment,
    r.trip_id,
    r.trip_direction,
    r.driver_id,
    r.lat,
    r.lon,
    iso(r.position_ts),
    r.segment_from_stop_id,
    r.segment_to_stop_id,
    r.at_stop,
    r.context_status,
    r.device_id,
    r.device_seq,
  ];
}
