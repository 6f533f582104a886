/**
 * The drivers at the wheel: how briskly today's driver drives a trip, what the shift was like in
 * the cab (noise, seat vibration, temperature, harsh manoeuvres), and the questionnaire most
 * drivers fill in at the end of it. Roster and answer model are people/drivers.ts.
 */
import type { DriverQuestionnaireSubmission } from '@app/contract';
import type { AnswerDevices, NumberedAnswer } from '../feedback/answer-devices';
import { answerQuestionnaire, RESPONSE_RATE_DRIVERS } from '../people/drivers';
import type { Rng } from '../rng';
import type { TruthBook } from './truth-book';

/** What a second of the shift was like in the cab. */
export interface CabSecond {
  driverNoiseDbA: number;
  seatAv: number;
  cabTempC: number;
}

export interface DriverShiftsOptions {
  vehicleId: string;
  fuel: 'cng' | 'diesel';
  rng: Rng;
  devices: AnswerDevices;
  /** The driver's page outbox. */
  onQuestionnaire: (q: DriverQuestionnaireSubmission & NumberedAnswer) => void;
  truth: TruthBook;
}

const emptyShift = () => ({ seconds: 0, cabNoise: 0, seatAv2: 0, cabTemp: 0, harsh: 0 });

export class DriverShifts {
  private shift = emptyShift();

  constructor(private readonly o: DriverShiftsOptions) {}

  /** How briskly the driver accelerates and brakes on this trip (0.9–1.1). */
  tripStyle(): number {
    return 0.9 + 0.2 * this.o.rng.next();
  }

  cab(s: CabSecond): void {
    this.shift.seconds++;
    this.shift.cabNoise += s.driverNoiseDbA;
    this.shift.seatAv2 += s.seatAv * s.seatAv;
    this.shift.cabTemp += s.cabTempC;
  }

  harsh(): void {
    this.shift.harsh++;
  }

  /** The shift ends (relief or end of the day): the questionnaire, answered two minutes later. */
  endShift(driverId: string, date: string, nowMs: number): void {
    const sh = this.shift;
    const n = Math.max(1, sh.seconds);
    const leniency = 0.3 * this.o.rng.fork(driverId).normal();
    this.shift = emptyShift();
    if (!this.o.rng.chance(RESPONSE_RATE_DRIVERS)) return;
    const answers = answerQuestionnaire(this.o.rng, leniency, {
      fuel: this.o.fuel,
      meanCabNoiseDbA: sh.cabNoise / n,
      seatAv: Math.sqrt(sh.seatAv2 / n),
      meanCabTempC: sh.cabTemp / n,
      harshEvents: sh.harsh,
    });
    const q: DriverQuestionnaireSubmission & NumberedAnswer = {
      ...this.o.devices.driver(driverId),
      driverId,
      vehicleId: this.o.vehicleId,
      shiftDate: date,
      answeredAt: new Date(nowMs + 120_000).toISOString(),
      ...answers,
    };
    this.o.onQuestionnaire(q);
    this.o.truth.questionnaire({ ...q });
  }
}
