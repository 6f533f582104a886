/**
 * Rules of the drivers' end-of-shift questionnaire: the bearer driver code must belong to the
 * body's driverId (403 `driver_mismatch`); idempotent on the page's UUID like ratings (stored,
 * duplicate, 409 `id_conflict`); answeredAt at most 5 min ahead; comment sanitised as plain text.
 */
import { Injectable } from '@nestjs/common';
import {
  sanitizeComment,
  type DriverQuestionnaireQuery,
  type DriverQuestionnaireRecord,
  type DriverQuestionnaireSubmission,
  type Page,
  type SubmissionResult,
} from '@app/contract';
import { ApiException } from '../common/api-error';
import { advisoryXactLock } from '../common/advisory-lock';
import { csvLine } from '../common/csv';
import { parisTime } from '../common/paris-time';
import { keysetCsv, keysetPage } from './cursor';
import { onceById } from './once-by-id';
import { AnswerTimeBounds, answerTimeRefusal } from './answer-time';
import type { DriverPrincipal } from '../auth/principal';
import { FeedbackRepository, type DriverQuestionnaireRow } from './feedback.repository';
import { FeedbackMetrics } from './feedback.metrics';
import { fingerprint } from './fingerprint';

export const DRIVER_CSV_COLUMNS = [
  'id',
  'driver_id',
  'vehicle_id',
  'shift_date',
  'answered_at_utc',
  'answered_at_paris',
  'received_at_utc',
  'seat',
  'driving_position',
  'cab_noise',
  'vibration',
  'gearbox',
  'acceleration',
  'braking',
  'cab_temperature',
  'visibility',
  'overall',
  'comment',
  'device_id',
  'device_seq',
] as const;

@Injectable()
export class DriverQuestionnairesService {
  now: () => number = () => Date.now();

  constructor(
    private readonly repository: FeedbackRepository,
    private readonly metrics: FeedbackMetrics,
    private readonly answerTime: AnswerTimeBounds,
  ) {}

  async submit(driver: DriverPrincipal, input: DriverQuestionnaireSubmission): Promise<SubmissionResult> {
    try {
      const r = await this.store(driver, input);
      this.metrics.count('driver_questionnaire', r.status);
      return r;
    } catch (error) {
      if (error instanceof ApiException) this.metrics.count('driver_questionnaire', error.body.code);
      throw error;
    }
  }

  private async store(driver: DriverPrincipal, input: DriverQuestionnaireSubmission): Promise<SubmissionResult> {
    if (input.driverId !== driver.driverId) {
      throw new ApiException(403, 'driver_mismatch', `this code is not ${input.driverId}'s`, [
        { path: 'driverId', code: 'driver_mismatch', message: 'does not match the driver code' },
      ]);
    }
    const badTime = answerTimeRefusal(Date.parse(input.answeredAt), this.now(), this.answerTime.earliestMs);
    if (badTime) throw badTime;
    const print = fingerprint(input);
    const attempt = () =>
      this.repository.transaction(async (m): Promise<SubmissionResult> => {
        await advisoryXactLock(m, `driver:${input.driverId}`);
        const existing = await this.repository.driverQuestionnaireFingerprint(m, input.id);
        if (existing !== null) {
          if (existing === print) return { id: input.id, status: 'duplicate' };
          throw new ApiException(409, 'id_conflict', `id ${input.id} was already used for a different questionnaire`, [
            { path: 'id', code: 'id_conflict', message: 'already used for a different questionnaire' },
          ]);
        }
        if (!(await this.repository.vehicleExists(m, input.vehicleId))) {
          throw new ApiException(422, 'unknown_vehicle', `vehicle ${input.vehicleId} is not in the trial`, [
            { path: 'vehicleId', code: 'unknown_vehicle', message: 'not a vehicle of the trial' },
          ]);
        }
        await this.repository.insertDriverQuestionnaire(m, {
          id: input.id,
          driver_id: input.driverId,
          vehicle_id: input.vehicleId,
          shift_date: input.shiftDate,
          answered_at: input.answeredAt,
          received_at: new Date(this.now()),
          seat: input.seat,
          driving_position: input.drivingPosition,
          cab_noise: input.cabNoise,
          vibration: input.vibration,
          gearbox: input.gearbox,
          acceleration: input.acceleration,
          braking: input.braking,
          cab_temperature: input.cabTemperature,
          visibility: input.visibility,
          overall: input.overall,
          comment: sanitizeComment(input.comment) ?? null,
          fingerprint: print,
          device_id: input.deviceId ?? null,
          device_seq: input.deviceSeq ?? null,
        });
        return { id: input.id, status: 'stored' };
      });
    return onceById(attempt);
  }

  page(query: DriverQuestionnaireQuery): Promise<Page<DriverQuestionnaireRecord>> {
    return keysetPage((after, limit) => this.repository.listDriverQuestionnaires(query, after, limit), query.cursor, query.limit, toRecord);
  }

  /** Every matching questionnaire as CSV (the cursor is checked before the first byte is sent). */
  csv(query: DriverQuestionnaireQuery): AsyncGenerator<string> {
    return keysetCsv(
      DRIVER_CSV_COLUMNS,
      (after, limit) => this.repository.listDriverQuestionnaires(query, after, limit),
      query.cursor,
      (r) =>
        csvLine([
          r.id,
          r.driver_id,
          r.vehicle_id,
          r.shift_date,
          r.answered_at.toISOString(),
          parisTime(r.answered_at),
          r.received_at.toISOString(),
          r.seat,
          r.driving_position,
          r.cab_noise,
          r.vibration,
          r.gearbox,
          r.acceleration,
          r.braking,
          r.cab_temperature,
          r.visibility,
          r.overall,
          r.comment,
          r.device_id,
          r.device_seq,
        ]),
    );
  }
}

export function toRecord(r: DriverQuestionnaireRow): DriverQuestionnaireRecord {
  return {
    id: r.id,
    driverId: r.driver_id,
    vehicleId: r.vehicle_id,
    shiftDate: r.shift_date,
    answeredAt: r.answered_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    seat: r.seat,
    drivingPosition: r.driving_position,
    cabNoise: r.cab_noise,
    vibration: r.vibration,
    gearbox: r.gearbox,
    acceleration: r.acceleration,
    braking: r.braking,
    cabTemperature: r.cab_temperature,
    visibility: r.visibility,
    overall: r.overall,
    comment: r.comment,
    deviceId: r.device_id,
    deviceSeq: r.device_seq,
  };
}
