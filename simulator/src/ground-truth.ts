/**
 * What really happened, accumulated while the world runs, and written as canonical JSON (keys
 * sorted, numbers rounded) so that one seed gives one byte-identical file. Nothing here depends on
 * the wall clock or on the network: replays, acks and HTTP outcomes go to the run report instead.
 * The types below are the file's schema (GROUND_TRUTH_SCHEMA); the tests read it through them.
 */
import type { DriverQuestionnaireSubmission, RatingSubmission, Stream } from '@app/contract';
import type { PatternName } from '@app/data';
import { COMFORT_CLASSES, comfortClassIndex } from '@app/domain';
import type { NumberedAnswer } from './feedback/answer-devices';
import type { FaultSpec, SpikeField } from './faults';
import { CHANNELS } from './physics/vibration';
import type { InjectedFault } from './unit/onboard-unit';

export const GROUND_TRUTH_SCHEMA = 'herault-gnv-trial/ground-truth/1';
const CHANNEL_NAMES = ['driverSeat.awx', 'driverSeat.awy', 'driverSeat.awz', 'floor.awx', 'floor.awy', 'floor.awz'] as const;

/** The unit in the key of a fuel figure: kg of gas (the CNG coach) or litres of diesel. */
export type FuelUnit = 'Kg' | 'L';
export type HarshKind = 'harsh_brake' | 'harsh_accel' | 'harsh_corner';
export type StreamCounts = Record<Stream, number>;

/** Fuel figures carry their unit in the key: only the …Kg ones for CNG, only the …L ones for diesel. */
export interface FuelFigures {
  fuelUsedKg?: number;
  fuelUsedL?: number;
  idleFuelKg?: number;
  idleFuelL?: number;
  /** null over less than 0.5 km. */
  consumptionKgPer100km?: number | null;
  consumptionLPer100km?: number | null;
}

/** Sums over a trip or a day (`summarise`). */
export interface SpanTruth extends FuelFigures {
  seconds: number;
  movingSeconds: number;
  distanceKm: number;
  vibration: {
    energyAveragedAw: Record<(typeof CHANNEL_NAMES)[number], number>;
    energyAveragedAv: { driverSeat: number; floor: number };
    /** Seconds per ISO 2631-1 comfort class id. */
    secondsInComfortClass: { driverSeat: Record<string, number>; floor: Record<string, number> };
  };
  harshEvents: Record<HarshKind, number>;
  passengers: { boarded: number; alighted: number; deniedBoarding: number };
  ratings: { count: number; meanOverall: number | null };
  cabin: { meanTempC: number; meanNoiseDbA: number; meanDriverNoiseDbA: number; maxCo2Ppm: number };
}

/** What a trip was before its sums: which one, who drove, when. */
export interface TripHead {
  tripId: string;
  date: string;
  driverId: string;
  direction: 0 | 1;
  pattern: PatternName;
  scheduledDeparture: string;
}

export interface TripTruth extends TripHead, SpanTruth {
  startTs: string;
  endTs: string;
}

/** A fill: the true amount (addedKg or addedL), and what the attendant keyed at the pump. */
export interface RefuelTruth {
  date: string;
  ts: string;
  stationId: string;
  addedKg?: number;
  addedL?: number;
  keyed: number | null;
  keyedStatus: 'ok' | 'missing' | 'wrong';
}

/** A service day of one coach as the simulator lived it. */
export interface DayRecord extends SpanTruth {
  date: string;
  block: string;
  odometerStartKm: number;
  odometerEndKm: number;
  odometerDistanceKm: number;
  /** Driven to and from the station with the unit asleep (in the odometer, not in the trips). */
  deadheadKm: number;
  fuelCounterStart: number;
  fuelCounterEnd: number;
  refuels: RefuelTruth[];
  tripIds: string[];
  /** CNG: the gas left at the end of the day. */
  tankMassEndKg?: number;
  tankGasTempEndC?: number;
  /** Diesel: the litres left. */
  tankLitresEnd?: number;
}

export interface DayTruth extends DayRecord {
  /** What the unit sent that day, per stream. */
  messages: StreamCounts;
}

export type RatingTruth = RatingSubmission & NumberedAnswer & { tripId: string };
export type QuestionnaireTruth = DriverQuestionnaireSubmission & NumberedAnswer;

/** A sensor spike: the implausible value the unit reported, and the true one. */
export interface SpikeTruth {
  kind: 'sensor-spike';
  vehicleId: string;
  ts: string;
  field: SpikeField;
  reported: number;
  trueValue: number;
}

/** A coach over the whole run; consumption is null without distance. */
export interface VehicleSummary {
  fuelType: 'cng' | 'diesel';
  distanceKm: number;
  tripDistanceKm: number;
  fuelUsedKg?: number;
  fuelUsedL?: number;
  consumptionKgPer100km?: number | null;
  consumptionLPer100km?: number | null;
  tripConsumptionKgPer100km?: number | null;
  tripConsumptionLPer100km?: number | null;
  trips: number;
  passengersBoarded: number;
  ratings: number;
  questionnaires: number;
  refuels: number;
  refuelAddedKg?: number;
  refuelAddedL?: number;
  vibrationWindows: number;
  gnssLostSeconds: number;
  skewedMessages: number;
}

export interface VehicleTruth {
  summary: VehicleSummary;
  days: Record<string, DayTruth>;
  trips: TripTruth[];
  messages: {
    sent: StreamCounts & { total: number };
    perDay: Record<string, StreamCounts>;
    injectedDuplicates: number;
    injectedReorders: number;
    injectedMalformed: number;
    deadZoneSeconds: number;
  };
  sensorSpikes: SpikeTruth[];
}

export interface GroundTruth {
  schema: typeof GROUND_TRUTH_SCHEMA;
  generator: { simulator: string; line101: string; vehicleData: string };
  run: {
    seed: string;
    from: string;
    to: string;
    vehicles: string[];
    faults: FaultSpec;
    windowSeconds: number;
    windowPeriodS: number;
    timeZone: string;
  };
  vehicles: Record<string, VehicleTruth>;
  ratings: RatingTruth[];
  questionnaires: QuestionnaireTruth[];
  /** Instances per fault kind (sensor spikes included), and every instance but the spikes (they are per vehicle). */
  faults: { counts: Record<string, number>; injected: InjectedFault[] };
}

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
  harsh: Record<HarshKind, number> = { harsh_brake: 0, harsh_accel: 0, harsh_corner: 0 };
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

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Fuel figures keyed by the unit: the key a reader finds tells it the unit. */
function fuelFigures(unit: FuelUnit, used: number, idle: number, per100km: number | null): FuelFigures {
  return unit === 'Kg'
    ? { fuelUsedKg: used, idleFuelKg: idle, consumptionKgPer100km: per100km }
    : { fuelUsedL: used, idleFuelL: idle, consumptionLPer100km: per100km };
}

/** The fuel used over a span, whichever its unit. */
export const fuelUsedOf = (s: FuelFigures, unit: FuelUnit): number => (unit === 'Kg' ? s.fuelUsedKg : s.fuelUsedL) ?? 0;

/** The JSON face of an accumulator. */
export function summarise(a: Accumulator, fuelUnit: FuelUnit): SpanTruth {
  const km = a.distM / 1000;
  const classes = (arr: number[]) => Object.fromEntries(COMFORT_CLASSES.map((c, i) => [c.id, arr[i]]));
  const n = Math.max(1, a.seconds);
  const aw = Object.fromEntries(
    CHANNEL_NAMES.map((name, c) => [name, round(Math.sqrt(a.sumAw2[c] / n), 4)]),
  ) as SpanTruth['vibration']['energyAveragedAw'];
  return {
    seconds: a.seconds,
    movingSeconds: a.movingSeconds,
    distanceKm: round(km, 3),
    ...fuelFigures(fuelUnit, round(a.fuel, 3), round(a.idleFuel, 3), km > 0.5 ? round((a.fuel / km) * 100, 2) : null),
    vibration: {
      energyAveragedAw: aw,
      energyAveragedAv: { driverSeat: round(Math.sqrt(a.sumSeatAv2 / n), 4), floor: round(Math.sqrt(a.sumFloorAv2 / n), 4) },
      secondsInComfortClass: { driverSeat: classes(a.seatClass), floor: classes(a.floorClass) },
    },
    harshEvents: { ...a.harsh },
    passengers: { boarded: a.boarded, alighted: a.alighted, deniedBoarding: a.denied },
    ratings: { count: a.ratings, meanOverall: a.ratings ? round(a.ratingSum / a.ratings, 3) : null },
    cabin: {
      meanTempC: round(a.sumCabinTemp / n, 2),
      meanNoiseDbA: round(a.sumCabinNoise / n, 2),
      meanDriverNoiseDbA: round(a.sumDriverNoise / n, 2),
      maxCo2Ppm: Math.round(a.maxCo2),
    },
  };
}

/** JSON with object keys sorted at every level (arrays keep their order): one text per value. */
export function canonicalJson(value: unknown, indent = 2): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent) + '\n';
}
