/**
 * What really happened, accumulated while the world runs, and written as canonical JSON (keys
 * sorted, numbers rounded) so that one seed gives one byte-identical file. Nothing here depends on
 * the wall clock or on the network: replays, acks and HTTP outcomes go to the run report instead.
 */
import { COMFORT_CLASSES, comfortClassIndex } from '@app/domain';
import { CHANNELS } from './physics/vibration';

export const GROUND_TRUTH_SCHEMA = 'herault-gnv-trial/ground-truth/1';
const CHANNEL_NAMES = ['driverSeat.awx', 'driverSeat.awy', 'driverSeat.awz', 'floor.awx', 'floor.awy', 'floor.awz'];

/** Running sums over a trip or a day. */
export class Accumulator {
  seconds = 0;
  movingSeconds = 0;
  distM = 0;
  fuel = 0;
  idleFuel = 0;
  sumAw2 = new Float64Array(CHANNELS);
  sumSeatAv2 = 0;
  sumFloorAv2 = 0;
  seatClass = new Array<number>(COMFORT_CLASSES.length).fill(0);
  floorClass = new Array<number>(COMFORT_CLASSES.length).fill(0);
  harsh = { harsh_brake: 0, harsh_accel: 0, harsh_corner: 0 };
  boarded = 0;
  alighted = 0;
  denied = 0;
  ratings = 0;
  ratingSum = 0;
  sumCabinTemp = 0;
  sumCabinNoise = 0;
  sumDriverNoise = 0;
  maxCo2 = 0;

  addSecond(aw: Float64Array, seatAv: number, floorAv: number, moving: boolean): void {
    this.seconds++;
    if (moving) this.movingSeconds++;
    for (let c = 0; c < CHANNELS; c++) this.sumAw2[c] += aw[c] * aw[c];
    this.sumSeatAv2 += seatAv * seatAv;
    this.sumFloorAv2 += floorAv * floorAv;
    this.seatClass[comfortClassIndex(seatAv)]++;
    this.floorClass[comfortClassIndex(floorAv)]++;
  }
}

const r = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The JSON face of an accumulator (fuelUnit Kg or L). */
export function summarise(a: Accumulator, fuelUnit: 'Kg' | 'L'): Record<string, unknown> {
  const km = a.distM / 1000;
  const classes = (arr: number[]) => Object.fromEntries(COMFORT_CLASSES.map((c, i) => [c.id, arr[i]]));
  const n = Math.max(1, a.seconds);
  return {
    seconds: a.seconds,
    movingSeconds: a.movingSeconds,
    distanceKm: r(km, 3),
    [`fuelUsed${fuelUnit}`]: r(a.fuel, 3),
    [`idleFuel${fuelUnit}`]: r(a.idleFuel, 3),
    [`consumption${fuelUnit}Per100km`]: km > 0.5 ? r((a.fuel / km) * 100, 2) : null,
    vibration: {
      energyAveragedAw: Object.fromEntries(CHANNEL_NAMES.map((name, c) => [name, r(Math.sqrt(a.sumAw2[c] / n), 4)])),
      energyAveragedAv: { driverSeat: r(Math.sqrt(a.sumSeatAv2 / n), 4), floor: r(Math.sqrt(a.sumFloorAv2 / n), 4) },
      secondsInComfortClass: { driverSeat: classes(a.seatClass), floor: classes(a.floorClass) },
    },
    harshEvents: { ...a.harsh },
    passengers: { boarded: a.boarded, alighted: a.alighted, deniedBoarding: a.denied },
    ratings: { count: a.ratings, meanOverall: a.ratings ? r(a.ratingSum / a.ratings, 3) : null },
    cabin: {
      meanTempC: r(a.sumCabinTemp / n, 2),
      meanNoiseDbA: r(a.sumCabinNoise / n, 2),
      meanDriverNoiseDbA: r(a.sumDriverNoise / n, 2),
      maxCo2Ppm: Math.round(a.maxCo2),
    },
  };
}

/** JSON with object keys sorted at every level (arrays keep their order): one text per value. */
export function canonicalJson(value: unknown, indent = 2): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent) + '\n';
}
