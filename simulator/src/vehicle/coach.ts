/**
 * What the scripts of a coach's life (a service day, a refuel) work with: its clock and its parts.
 * VehicleSim implements it; every generator here yields once per simulated second.
 */
import type { DriverQuestionnaireSubmission, RatingSubmission, Telemetry, TelemetryEvent, VibrationWindow } from '@app/contract';
import type { NumberedAnswer } from '../feedback/answer-devices';
import type { DriverShifts } from './driver-shifts';
import type { Driving } from './driving';
import type { FuelStore } from './fuel-store';
import type { Riders } from './riders';
import type { TruthBook } from './truth-book';

/** Where what a coach produces goes: the unit's three streams, the tablet, the drivers' page. */
export interface UnitSink {
  telemetry(t: Telemetry): void;
  event(e: TelemetryEvent): void;
  vibration(w: VibrationWindow): void;
  rating(r: RatingSubmission & NumberedAnswer, tripId: string): void;
  questionnaire(q: DriverQuestionnaireSubmission & NumberedAnswer): void;
}

export type Seconds = Generator<void, void, void>;

export interface Coach {
  /** Simulated time, ms UTC. */
  readonly t: number;
  readonly driving: Driving;
  readonly fuel: FuelStore;
  readonly riders: Riders;
  readonly shifts: DriverShifts;
  readonly truth: TruthBook;
  /** One second with everything measured (the coach moves as the driving has set it). */
  second(): Seconds;
  /** Standing still with the unit awake, for that many seconds, or until an instant. */
  stand(seconds: number): Seconds;
  standUntil(ms: number): Seconds;
  /** Asleep (the unit off) for that many seconds. */
  sleepFor(seconds: number): Seconds;
  /** The unit wakes (cabin and gas have followed the weather meanwhile) and its first second passes. */
  wake(): Seconds;
  sleep(): void;
  event(type: TelemetryEvent['type'], data: Record<string, unknown>): void;
  /** Today's date in Europe/Paris, YYYY-MM-DD. */
  localDate(): string;
}
