/**
 * What is known to be missing: feedback completeness per vehicle and day and per device (from the
 * devices' own answer sequences, no ground truth needed), and the counts a replay reconciles its
 * ground truth against.
 */
import { Injectable } from '@nestjs/common';
import {
  EMPTY_FEEDBACK_COMPLETENESS,
  type DeviceCompleteness,
  type FeedbackCompleteness,
  type FeedbackKind,
  type ReconciliationCounts,
  type ReconciliationRequest,
} from '@app/contract';
import { CompletenessRepository, type CompletenessRow, type DeviceRow, type FeedbackTable } from './completeness.repository';

const TABLE: Record<FeedbackKind, FeedbackTable> = { rating: 'rating', questionnaire: 'driver_questionnaire' };

export interface Period {
  from: string;
  to: string;
  vehicleId?: string;
}

interface DayCompleteness {
  vehicleId: string;
  day: string;
  ratings: FeedbackCompleteness;
  questionnaires: FeedbackCompleteness;
}

@Injectable()
export class CompletenessService {
  constructor(private readonly repository: CompletenessRepository) {}

  /** Both feedback streams per vehicle and service day of the period. */
  async perDay(q: Period): Promise<DayCompleteness[]> {
    const ratings = await this.repository.completeness('rating', q, 'day');
    const questionnaires = await this.repository.completeness('driver_questionnaire', q, 'day');
    const byKey = new Map<string, DayCompleteness>();
    const at = (r: CompletenessRow) => {
      const key = `${r.vehicle_id}|${r.day}`;
      let d = byKey.get(key);
      if (!d)
        byKey.set(
          key,
          (d = { vehicleId: r.vehicle_id, day: r.day, ratings: EMPTY_FEEDBACK_COMPLETENESS, questionnaires: EMPTY_FEEDBACK_COMPLETENESS }),
        );
      return d;
    };
    for (const r of ratings) at(r).ratings = toCompleteness(r);
    for (const r of questionnaires) at(r).questionnaires = toCompleteness(r);
    return [...byKey.values()].sort((a, b) => a.vehicleId.localeCompare(b.vehicleId) || a.day.localeCompare(b.day));
  }

  /** Per vehicle over the period: answers received and known missing (beside every satisfaction figure). */
  async perVehicle(kind: FeedbackKind, q: Period): Promise<Map<string, FeedbackCompleteness>> {
    const rows = await this.repository.completeness(TABLE[kind], q, 'period');
    return new Map(rows.map((r) => [r.vehicle_id, toCompleteness(r)]));
  }

  async devices(kind: FeedbackKind, q: Partial<Period>): Promise<DeviceCompleteness[]> {
    return (await this.repository.devices(TABLE[kind], q)).map((r) => toDevice(kind, r));
  }

  async reconcile(req: ReconciliationRequest): Promise<ReconciliationCounts> {
    const since = new Date(req.since);
    const streams: ReconciliationCounts['streams'] = [];
    for (const s of req.streams) {
      const c = await this.repository.streamCount(s.vehicleId, s.stream, { from: s.fromSeq, to: s.toSeq }, since, {
        from: req.from,
        to: req.to,
      });
      streams.push({ ...s, ...c });
    }
    const devices: DeviceCompleteness[] = [];
    for (const kind of ['rating', 'questionnaire'] as const) {
      const ids = req.devices.filter((d) => d.kind === kind).map((d) => d.deviceId);
      if (ids.length) devices.push(...(await this.repository.devices(TABLE[kind], { deviceIds: ids })).map((r) => toDevice(kind, r)));
    }
    return { streams, devices };
  }
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toCompleteness(r: CompletenessRow): FeedbackCompleteness {
  return {
    received: r.received,
    knownMissing: r.known_missing,
    unsequenced: r.unsequenced,
    devices: r.devices,
    lastAnsweredAt: iso(r.last_answered_at),
    lastReceivedAt: iso(r.last_received_at),
  };
}

function toDevice(kind: FeedbackKind, r: DeviceRow): DeviceCompleteness {
  return {
    deviceId: r.device_id,
    kind,
    vehicleId: r.vehicle_id,
    received: r.received,
    maxSeq: r.max_seq,
    knownMissing: r.known_missing,
    reusedSeqs: r.reused_seqs,
    receivedByVehicle: r.received_by_vehicle ?? {},
    firstAnsweredAt: r.first_answered_at.toISOString(),
    lastAnsweredAt: r.last_answered_at.toISOString(),
    lastReceivedAt: r.last_received_at.toISOString(),
  };
}
