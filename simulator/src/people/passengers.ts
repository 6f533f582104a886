/**
 * Riders: how many wait at each stop (by time of day and direction), where they go, and how the
 * ~10 % who answer the tablet rate what they lived. Pure functions over a seeded Rng.
 *
 * Demand (assumed): commuters to the tram at Sablassou in the morning (direction 1), back in the
 * evening (direction 0), lighter midday and on Saturdays; the termini and Lunel station draw most.
 */
import { isPeak } from '@app/data';
import type { Rng } from '../rng';

export const SEATS = 59;
export const RESPONSE_RATE = 0.1;

/** How strongly a stop attracts riders as a destination or origin (assumed). */
function stopWeight(stopId: string): number {
  if (stopId === 'CAS-SAB') return 5;
  if (stopId === 'LUN-GAR') return 3;
  if (stopId === 'LUN-PDV' || stopId === 'LUN-REP') return 1.6;
  if (stopId === 'BAI-CEN' || stopId === 'VEN-CEN' || stopId === 'SAU-ECO') return 1.4;
  if (stopId === 'MAR-BAS') return 1.2;
  return 1;
}

/** Mean riders waiting at a stop for one trip. */
export function meanBoardings(stopId: string, direction: 0 | 1, localMin: number, saturday: boolean): number {
  const peakDir = (localMin < 12 * 60 && direction === 1) || (localMin >= 12 * 60 && direction === 0);
  const tod = isPeak(localMin) && !saturday ? (peakDir ? 2.6 : 1.2) : localMin < 7 * 60 || localMin > 19 * 60 ? 0.6 : 1;
  return 1.3 * stopWeight(stopId) * tod * (saturday ? 0.7 : 1);
}

/** A destination for a rider boarding at index `from` of a trip's stop list (later stops only). */
export function pickDestination(rng: Rng, stopIds: readonly string[], from: number): number {
  const choices: [number, number][] = [];
  for (let k = from + 1; k < stopIds.length; k++) choices.push([k, stopWeight(stopIds[k]) * (k === stopIds.length - 1 ? 1.5 : 1)]);
  return rng.weighted(choices);
}

/** What a rider lived between boarding and alighting (differences of the coach's running sums). */
export interface RideExperience {
  seconds: number;
  /** Energy-averaged total vibration value on the rear floor, m/s². */
  floorAv: number;
  harshEvents: number;
  /** Highest |jerk| lived, m/s³. */
  maxJerk: number;
  meanCabinTempC: number;
  meanNoiseDbA: number;
  /** Highest occupancy over seats, 0–1. */
  maxLoad: number;
}

export type Language = 'fr' | 'en' | 'oc' | 'ca';

export interface RatingAnswer {
  language: Language;
  complete: boolean;
  overall: number;
  smoothness?: number;
  temperature?: number;
  noise?: number;
  seat?: number;
  comment?: string;
}

const COMMENTS: Record<Language, string[]> = {
  fr: [
    'Très bon trajet, merci',
    'Un peu secoué dans les ronds-points',
    'Il fait trop chaud',
    'Bus silencieux, agréable',
    'Chauffeur très aimable',
  ],
  en: ['Smooth ride, thanks', 'Too warm on board', 'Quiet bus, nice', 'Bumpy in the villages'],
  oc: ['Plan brave viatge, mercé', 'Fa tròp caud'],
  ca: ['Bon viatge, gràcies', 'Fa massa calor'],
};

const clamp5 = (x: number) => Math.min(5, Math.max(1, Math.round(x)));

/**
 * A rider's answers (assumed model): a 4.3 baseline less penalties for vibration above 0.3 m/s²,
 * harsh manoeuvres and jerk, temperature away from 22.5 °C, noise above 62 dB(A) and crowding,
 * plus a personal bias; each criterion has its own noise. 70 % complete the follow-up questions.
 */
export function rateRide(rng: Rng, e: RideExperience): RatingAnswer {
  const vib = 2.2 * Math.max(0, e.floorAv - 0.3) + 0.35 * e.harshEvents + 0.15 * Math.max(0, e.maxJerk - 1.5);
  const temp = 0.3 * Math.max(0, Math.abs(e.meanCabinTempC - 22.5) - 1.5);
  const noise = 0.09 * Math.max(0, e.meanNoiseDbA - 62);
  const crowd = e.maxLoad > 0.85 ? 0.4 : 0;
  const bias = 0.45 * rng.normal();
  const overall = clamp5(4.3 - 0.6 * vib - 0.5 * temp - 0.5 * noise - crowd + bias + 0.35 * rng.normal());
  const language = rng.weighted<Language>([
    ['fr', 85],
    ['en', 8],
    ['oc', 3],
    ['ca', 4],
  ]);
  const complete = rng.chance(0.7);
  const a: RatingAnswer = { language, complete, overall };
  if (complete) {
    a.smoothness = clamp5(4.4 - vib + bias + 0.5 * rng.normal());
    a.temperature = clamp5(4.3 - temp + bias + 0.5 * rng.normal());
    a.noise = clamp5(4.3 - noise + bias + 0.5 * rng.normal());
    a.seat = clamp5(4.0 - crowd + bias + 0.5 * rng.normal());
  }
  if (rng.chance(0.08)) a.comment = rng.pick(COMMENTS[language]);
  return a;
}
