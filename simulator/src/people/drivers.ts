/**
 * Drivers: a roster of eight, two shifts per block (the relief happens at a terminus mid-day), and
 * the end-of-shift questionnaire on driver comfort. Answers depend on the coach (the gas engine is
 * quieter, docs/sources.md#engine-noise-gnv: −4 dB; its 280 hp pulls a little less), on what the shift was like (cab noise,
 * seat vibration, cab temperature) and on the driver's own leniency. Assumed model.
 */
import type { Rng } from '../rng';

const DRIVERS = ['D-01', 'D-02', 'D-03', 'D-04', 'D-05', 'D-06', 'D-07', 'D-08'] as const;
export const RESPONSE_RATE_DRIVERS = 0.85;

/** The two drivers of a block on a service day (rotating so everyone drives both coaches). */
export function shiftDrivers(serviceDayIndex: number, blockIndex: number): [string, string] {
  const base = (serviceDayIndex * 3 + blockIndex * 2) % DRIVERS.length;
  return [DRIVERS[base], DRIVERS[(base + 5) % DRIVERS.length]];
}

export interface ShiftExperience {
  fuel: 'cng' | 'diesel';
  meanCabNoiseDbA: number;
  seatAv: number;
  meanCabTempC: number;
  harshEvents: number;
}

export interface QuestionnaireAnswers {
  seat: number;
  drivingPosition: number;
  cabNoise: number;
  vibration: number;
  gearbox: number;
  acceleration: number;
  braking: number;
  cabTemperature: number;
  visibility: number;
  overall: number;
}

const clamp5 = (x: number) => Math.min(5, Math.max(1, Math.round(x)));

export function answerQuestionnaire(rng: Rng, leniency: number, e: ShiftExperience): QuestionnaireAnswers {
  const r = (mean: number) => clamp5(mean + leniency + 0.45 * rng.normal());
  const cabNoise = r(4.0 - 0.12 * Math.max(0, e.meanCabNoiseDbA - 60));
  const vibration = r(4.2 - 2.5 * Math.max(0, e.seatAv - 0.2));
  const cabTemperature = r(4.2 - 0.3 * Math.max(0, Math.abs(e.meanCabTempC - 22.5) - 1));
  const acceleration = r(e.fuel === 'cng' ? 3.6 : 3.9);
  const a = {
    seat: r(4.0),
    drivingPosition: r(4.1),
    cabNoise,
    vibration,
    gearbox: r(4.0),
    acceleration,
    braking: r(4.1 - 0.1 * e.harshEvents),
    cabTemperature,
    visibility: r(4.2),
  };
  const overall = clamp5((a.seat + a.cabNoise + a.vibration + a.acceleration + a.cabTemperature) / 5 + 0.3 * rng.normal());
  return { ...a, overall };
}
