import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { DriverQuestionnaireSubmission } from '@app/contract';
import type { ApiException } from '../common/api-error';
import { DriverQuestionnairesService } from './driver-questionnaires.service';
import { AnswerTimeBounds } from './answer-time';
import { NO_METRICS } from './feedback.metrics';
import type { FeedbackRepository, NewDriverQuestionnaire } from './feedback.repository';

function setup() {
  const stored = new Map<string, NewDriverQuestionnaire>();
  /** The transaction's manager: only the advisory lock is queried through it directly. */
  const manager = { query: vi.fn(async () => []) };
  const repo = {
    transaction: (work: (m: unknown) => Promise<unknown>) => work(manager),
    vehicleExists: async (_m: unknown, id: string) => id === 'GNV-01',
    driverQuestionnaireFingerprint: async (_m: unknown, id: string) => stored.get(id)?.fingerprint ?? null,
    insertDriverQuestionnaire: async (_m: unknown, r: NewDriverQuestionnaire) => void stored.set(r.id, r),
  };
  const service = new DriverQuestionnairesService(
    repo as unknown as FeedbackRepository,
    NO_METRICS,
    new AnswerTimeBounds({ ANSWERED_AT_EARLIEST: '2018-06-01' } as never),
  );
  service.now = () => Date.parse('2018-06-11T18:00:00.000Z');
  return { service, stored };
}

const q = (o: Partial<DriverQuestionnaireSubmission> = {}): DriverQuestionnaireSubmission => ({
  id: randomUUID(),
  driverId: 'D-01',
  vehicleId: 'GNV-01',
  shiftDate: '2018-06-11',
  answeredAt: '2018-06-11T17:55:00.000Z',
  seat: 1,
  drivingPosition: 2,
  cabNoise: 3,
  vibration: 4,
  gearbox: 5,
  acceleration: 1,
  braking: 2,
  cabTemperature: 3,
  visibility: 4,
  overall: 5,
  ...o,
});

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (e: ApiException) => e.body.code,
  );

describe('DriverQuestionnairesService', () => {
  it('stores every item under its column, once', async () => {
    const { service, stored } = setup();
    const a = q({ comment: 'Vibrations au ralenti\u0007' });
    expect((await service.submit({ driverId: 'D-01' }, a)).status).toBe('stored');
    expect(stored.get(a.id)).toMatchObject({
      driving_position: 2,
      cab_noise: 3,
      gearbox: 5,
      cab_temperature: 3,
      overall: 5,
      comment: 'Vibrations au ralenti',
    });
    expect((await service.submit({ driverId: 'D-01' }, a)).status).toBe('duplicate');
    expect(await code(service.submit({ driverId: 'D-01' }, { ...a, seat: 5 }))).toBe('id_conflict');
  });

  it("refuses another driver's code, a future time and an unknown vehicle", async () => {
    const { service } = setup();
    expect(await code(service.submit({ driverId: 'D-02' }, q()))).toBe('driver_mismatch');
    expect(await code(service.submit({ driverId: 'D-01' }, q({ answeredAt: '2018-06-11T19:00:00.000Z' })))).toBe('answered_in_future');
    expect(await code(service.submit({ driverId: 'D-01' }, q({ answeredAt: '1969-12-31T23:00:00.000Z' })))).toBe('answered_too_early');
    expect(await code(service.submit({ driverId: 'D-01' }, q({ vehicleId: 'DSL-01' })))).toBe('unknown_vehicle');
  });
});
