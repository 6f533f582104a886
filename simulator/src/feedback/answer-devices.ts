/**
 * The answering devices of a run: one tablet per coach, one questionnaire page per driver. Each
 * numbers the answers it creates (libs/contract feedback.ts `deviceSeq`) and names them, so that
 * every id is unique per answer: the device id is derived from the run (seed, period) and the
 * device, the answer id from the device id and the number. Two runs of one seed over different
 * periods therefore never reuse an id, and the same run again reuses its own (a harmless replay).
 * Deterministic (no clock, no Math.random): the ground truth stays byte-identical per seed.
 */
import { createHash } from 'node:crypto';
import { MemoryDeviceCounter } from '../../../libs/feedback-client/src/device';

/** A name-based UUID (SHA-256, RFC 9562 version 8 layout). */
function nameUuid(name: string): string {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface NumberedAnswer {
  id: string;
  deviceId: string;
  deviceSeq: number;
}

export class AnswerDevices {
  private readonly counters = new Map<string, MemoryDeviceCounter>();

  /** `runKey` names the run: seed and period (e.g. `gnv-trial/42/2018-06-08/2018-06-22`). */
  constructor(private readonly runKey: string) {}

  /** The next answer of a coach's tablet. */
  tablet(vehicleId: string): NumberedAnswer {
    return this.take(`tablet/${vehicleId}`);
  }

  /** The next questionnaire of a driver's page. */
  driver(driverId: string): NumberedAnswer {
    return this.take(`driver/${driverId}`);
  }

  private take(device: string): NumberedAnswer {
    let c = this.counters.get(device);
    if (!c) this.counters.set(device, (c = new MemoryDeviceCounter(nameUuid(`${this.runKey}/${device}`))));
    const { deviceId, deviceSeq } = c.takeNow();
    return { id: nameUuid(`${deviceId}/${deviceSeq}`), deviceId, deviceSeq };
  }
}
