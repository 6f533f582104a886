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
import { Injectable, Logger } from '@nestjs/common';
import {
  MAX_FUTURE_SKEW_MS, ratingSubmissionSchema, sanitizeComment, TABLET_MIN_INTERVAL_MS,
  type BatchItemResult, type BatchResult, type Page, type RatingQuery, type RatingRecord, type RatingSubmission, type SubmissionResult,
} from '@app/contract';
import { ApiException, validationException } from '../common/api-error';
import { csvLine, parisTime } from './csv';
import { keysetCsv, keysetPage } from './cursor';
import { onceById } from './once-by-id';
import type { TabletPrincipal } from './feedback-auth.guards';
import { FeedbackRepository, type RatingRow } from './feedback.repository';
import { fingerprint } from './fingerprint';
import { FeedbackMetrics } from './feedback.metrics';
import { RatingContextService } from './rating-context.service';


export const RATING_CSV_COLUMNS = [
  'id', 'vehicle_id', 'answered_at_utc', 'answered_at_paris', 'received_at_utc', 'language', 'complete', 'overall',
  'smoothness', 'temperature', 'noise', 'seat', 'comment', 'trip_id', 'trip_direction', 'driver_id', 'lat', 'lon',
  'position_ts_utc', 'segment_from_stop_id', 'segment_to_stop_id', 'at_stop', 'context_status',
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
  ) {}

  async submit(tablet: TabletPrincipal, input: RatingSubmission): Promise<SubmissionResult> {
    const result = await this.counted(this.store(tablet, input));
    if (result.status === 'stored') await this.context.fillFor([result.id]);
    return result;
  }

  /** Each item is validated and stored on its own: an invalid item never fails the valid ones. */
  async submitBatch(tablet: TabletPrincipal, items: unknown[]): Promise<BatchResult> {
    const results: BatchItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const rawId = typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;
      const parsed = ratingSubmissionSchema.safeParse(item);
      if (!parsed.success) {
        this.metrics.count('rating', 'validation_failed');
        results.push({ index, id: rawId, status: 'rejected', httpStatus: 400, error: validationException(parsed.error, 'body', ['ratings', index]).body });
        continue;
      }
      try {
        const r = await this.counted(this.store(tablet, parsed.data));
        results.push({ index, id: r.id, status: r.status, httpStatus: r.status === 'stored' ? 201 : 200 });
      } catch (error) {
        if (!(error instanceof ApiException)) throw error;
        results.push({ index, id: rawId, status: 'rejected', httpStatus: error.getStatus(), error: error.body });
      }
    }
    const stored = results.filter((r) => r.status === 'stored');
    await this.context.fillFor(stored.map((r) => r.id as string));
    const rejected = results.filter((r) => r.status === 'rejected').length;
    if (rejected > 0) this.logger.warn(`${tablet.tabletId}: ${rejected} of ${items.length} batch item(s) rejected`);
    return { stored: stored.length, duplicates: results.filter((r) => r.status === 'duplicate').length, rejected, results };
  }

  private async store(tablet: TabletPrincipal, input: RatingSubmission): Promise<SubmissionResult> {
    if (input.vehicleId !== tablet.vehicleId) {
      throw new ApiException(403, 'vehicle_mismatch', `this tablet belongs to ${tablet.vehicleId}, not ${input.vehicleId}`, [
        { path: 'vehicleId', code: 'vehicle_mismatch', message: `must be ${tablet.vehicleId}` },
      ]);
    }
    const answeredMs = Date.parse(input.answeredAt);
    if (answeredMs > this.now() + MAX_FUTURE_SKEW_MS) {
      throw new ApiException(422, 'answered_in_future', 'answeredAt is more than 5 minutes ahead of the server clock', [
        { path: 'answeredAt', code: 'answered_in_future', message: 'more than 5 minutes ahead of the server clock' },
      ]);
    }
    const print = fingerprint(input);
    const attempt = () =>
      this.repository.transaction(async (m): Promise<SubmissionResult> => {
        // One tablet's submissions one at a time, so the 5-second check cannot race with itself.
        await this.repository.lockKey(m, `rating:${tablet.tabletId}`);
        const existing = await this.repository.ratingFingerprint(m, input.id);
        if (existing !== null) return this.duplicateOrConflict(input.id, existing, print);
        if (!(await this.repository.vehicleExists(m, input.vehicleId))) {
          throw new ApiException(422, 'unknown_vehicle', `vehicle ${input.vehicleId} is not in the trial`, [
            { path: 'vehicleId', code: 'unknown_vehicle', message: 'not a vehicle of the trial' },
          ]);
        }
        const near = await this.repository.ratingNear(m, tablet.tabletId, new Date(answeredMs).toISOString(), TABLET_MIN_INTERVAL_MS);
        if (near) {
          throw new ApiException(422, 'too_soon', `another answer of this tablet was given at ${near.answered_at.toISOString()}, less than 5 s apart (tablet clock)`, [
            { path: 'answeredAt', code: 'too_soon', message: 'less than 5 s from another answer of this tablet (tablet clock)' },
          ]);
        }
        await this.repository.insertRating(m, {
          id: input.id,
          vehicle_id: input.vehicleId,
          tablet_id: tablet.tabletId,
          answered_at: input.answeredAt,
          received_at: new Date(this.now()),
          language: input.language,
          complete: input.complete,
          overall: input.overall,
          smoothness: input.smoothness ?? null,
          temperature: input.temperature ?? null,
          noise: input.noise ?? null,
          seat: input.seat ?? null,
          comment: sanitizeComment(input.comment) ?? null,
          fingerprint: print,
        });
        return { id: input.id, status: 'stored' };
      });
    return onceById(attempt);
  }

  private async counted(p: Promise<SubmissionResult>): Promise<SubmissionResult> {
    try {
      const r = await p;
      this.metrics.count('rating', r.status);
      return r;
    } catch (error) {
      if (error instanceof ApiException) this.metrics.count('rating', error.body.code);
      throw error;
    }
  }

  private duplicateOrConflict(id: string, stored: string, submitted: string): SubmissionResult {
    if (stored === submitted) return { id, status: 'duplicate' };
    throw new ApiException(409, 'id_conflict', `id ${id} was already used for a different answer`, [
      { path: 'id', code: 'id_conflict', message: 'already used for a different answer' },
    ]);
  }

  page(query: RatingQuery): Promise<Page<RatingRecord>> {
    return keysetPage((after, limit) => this.repository.listRatings(query, after, limit), query.cursor, query.limit, toRecord);
  }

  /** Every matching rating as CSV, page by page (keyset); the cursor is checked before the first byte is sent. */
  csv(query: RatingQuery): AsyncGenerator<string> {
    return keysetCsv(RATING_CSV_COLUMNS, (after, limit) => this.repository.listRatings(query, after, limit), query.cursor, (r) => csvLine(csvValues(r)));
  }
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

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
  };
}

function csvValues(r: RatingRow) {
  return [
    r.id, r.vehicle_id, iso(r.answered_at), parisTime(r.answered_at), iso(r.received_at), r.language, r.complete, r.overall,
    r.smoothness, r.temperature, r.noise, r.seat, r.comment, r.trip_id, r.trip_direction, r.driver_id, r.lat, r.lon,
    iso(r.position_ts), r.segment_from_stop_id, r.segment_to_stop_id, r.at_stop, r.context_status,
  ];
}
