/**
 * One coach's ground-truth bookkeeping: the running sums of the open day and trip, and the
 * records of what happened (days, trips, ratings, questionnaires, refuels, spikes, GNSS and clock
 * faults as lived, audit windows). The other parts of the coach report here; nothing here decides
 * anything, and nothing is read back by the simulation.
 */
import {
  Accumulator,
  fuelUsedOf,
  round,
  summarise,
  type DayRecord,
  type FuelUnit,
  type HarshKind,
  type QuestionnaireTruth,
  type RatingTruth,
  type RefuelTruth,
  type SpikeTruth,
  type TripHead,
  type TripTruth,
  type VehicleSummary,
} from '../ground-truth';

const r2 = (x: number) => round(x, 2);
const r3 = (x: number) => round(x, 3);

/** The tank at the end of a day: gas mass and temperature (CNG) or litres (diesel). */
export type TankAtEnd = { massKg: number; gasTempC: number } | { litres: number };

/** What a second contributes to the day's and the trip's sums. */
export interface TruthSecond {
  aw: Float64Array;
  seatAv: number;
  floorAv: number;
  moving: boolean;
  cabinTempC: number;
  cabinNoiseDbA: number;
  driverNoiseDbA: number;
  co2Ppm: number;
  /** Fuel used this second while standing with the engine on, else null. */
  idleFuel: number | null;
}

interface OpenDay {
  acc: Accumulator;
  date: string;
  block: string;
  odometerStartKm: number;
  fuelCounterStart: number;
}
interface OpenTrip {
  acc: Accumulator;
  head: TripHead;
  startTs: string;
  startOdometerM: number;
  startFuel: number;
}

export class TruthBook {
  readonly days: Record<string, DayRecord> = {};
  readonly trips: TripTruth[] = [];
  readonly ratings: RatingTruth[] = [];
  readonly questionnaires: QuestionnaireTruth[] = [];
  readonly refuels: RefuelTruth[] = [];
  readonly spikes: SpikeTruth[] = [];
  private gnssLostSeconds = 0;
  private skewedMessages = 0;
  private windows = 0;
  private day: OpenDay | null = null;
  private trip: OpenTrip | null = null;

  constructor(private readonly fuelType: 'cng' | 'diesel') {}

  private get unit(): FuelUnit {
    return this.fuelType === 'cng' ? 'Kg' : 'L';
  }

  openDay(date: string, block: string, odometerM: number, fuelCounter: number): void {
    this.day = { acc: new Accumulator(), date, block, odometerStartKm: r3(odometerM / 1000), fuelCounterStart: r3(fuelCounter) };
  }

  /** Day distance and fuel from the odometer and the fuel counter (deadhead to the station included). */
  closeDay(odometerM: number, fuelCounter: number, deadheadKm: number, tank: TankAtEnd): void {
    const d = this.day!;
    d.acc.distM = odometerM - d.odometerStartKm * 1000;
    d.acc.fuel = fuelCounter - d.fuelCounterStart;
    const odometerEndKm = r3(odometerM / 1000);
    this.days[d.date] = {
      date: d.date,
      block: d.block,
      odometerStartKm: d.odometerStartKm,
      fuelCounterStart: d.fuelCounterStart,
      odometerEndKm,
      fuelCounterEnd: r3(fuelCounter),
      odometerDistanceKm: r3(odometerEndKm - d.odometerStartKm),
      deadheadKm: r3(deadheadKm),
      refuels: this.refuels.filter((x) => x.date === d.date),
      tripIds: this.trips.filter((x) => x.date === d.date).map((x) => x.tripId),
      ...('massKg' in tank ? { tankMassEndKg: r3(tank.massKg), tankGasTempEndC: r2(tank.gasTempC) } : { tankLitresEnd: r3(tank.litres) }),
      ...summarise(d.acc, this.unit),
    };
    this.day = null;
  }

  openTrip(head: TripHead, odometerM: number, fuelCounter: number): void {
    this.trip = { acc: new Accumulator(), head, startTs: '', startOdometerM: odometerM, startFuel: fuelCounter };
  }

  /** The trip_start event: the doors close on the first stop's boarding after this. */
  tripStarted(ts: string): void {
    this.trip!.startTs = ts;
  }

  closeTrip(endTs: string, odometerM: number, fuelCounter: number): void {
    const { acc, head, startTs, startOdometerM, startFuel } = this.trip!;
    acc.distM = odometerM - startOdometerM;
    acc.fuel = fuelCounter - startFuel;
    this.trips.push({ ...head, startTs, endTs, ...summarise(acc, this.unit) });
    const day = this.day?.acc;
    if (day) {
      day.boarded += acc.boarded;
      day.alighted += acc.alighted;
      day.denied += acc.denied;
      day.ratings += acc.ratings;
      day.ratingSum += acc.ratingSum;
      for (const h of Object.keys(acc.harsh) as HarshKind[]) day.harsh[h] += acc.harsh[h];
    }
    this.trip = null;
  }

  second(s: TruthSecond): void {
    for (const acc of [this.trip?.acc, this.day?.acc]) {
      if (!acc) continue;
      acc.addSecond(s.aw, s.seatAv, s.floorAv, s.moving);
      acc.sumCabinTemp += s.cabinTempC;
      acc.sumCabinNoise += s.cabinNoiseDbA;
      acc.sumDriverNoise += s.driverNoiseDbA;
      acc.maxCo2 = Math.max(acc.maxCo2, s.co2Ppm);
      if (s.idleFuel !== null) acc.idleFuel += s.idleFuel;
    }
  }

  /** A harsh event counts in its trip, or in the day outside trips (the trip's count joins the day's when it ends). */
  harsh(kind: HarshKind): void {
    const acc = this.trip?.acc ?? this.day?.acc;
    if (acc) acc.harsh[kind]++;
  }

  boarded(n: number, denied: number): void {
    const acc = this.trip?.acc;
    if (acc) {
      acc.boarded += n;
      acc.denied += denied;
    }
  }

  alighted(n: number): void {
    const acc = this.trip?.acc;
    if (acc) acc.alighted += n;
  }

  rating(r: RatingTruth): void {
    this.ratings.push(r);
    const acc = this.trip?.acc;
    if (acc) {
      acc.ratings++;
      acc.ratingSum += r.overall;
    }
  }

  questionnaire(q: QuestionnaireTruth): void {
    this.questionnaires.push(q);
  }

  refuel(r: RefuelTruth): void {
    this.refuels.push(r);
  }

  spike(s: SpikeTruth): void {
    this.spikes.push(s);
  }

  gnssLostSecond(): void {
    this.gnssLostSeconds++;
  }

  skewedMessage(): void {
    this.skewedMessages++;
  }

  auditWindow(): void {
    this.windows++;
  }

  /** The coach over the whole run. */
  summary(): VehicleSummary {
    const days = Object.values(this.days);
    const unit = this.unit;
    const distanceKm = days.reduce((s, d) => s + (d.odometerDistanceKm ?? 0), 0);
    const fuel = days.reduce((s, d) => s + (d.fuelCounterEnd - d.fuelCounterStart), 0);
    const tripKm = this.trips.reduce((s, t) => s + t.distanceKm, 0);
    const tripFuel = this.trips.reduce((s, t) => s + fuelUsedOf(t, unit), 0);
    const refuelled = r3(this.refuels.reduce((s, x) => s + ((unit === 'Kg' ? x.addedKg : x.addedL) ?? 0), 0));
    const perKm = distanceKm > 0 ? r2((fuel / distanceKm) * 100) : null;
    const perTripKm = tripKm > 0 ? r2((tripFuel / tripKm) * 100) : null;
    return {
      fuelType: this.fuelType,
      distanceKm: r3(distanceKm),
      tripDistanceKm: r3(tripKm),
      ...(unit === 'Kg'
        ? { fuelUsedKg: r3(fuel), consumptionKgPer100km: perKm, tripConsumptionKgPer100km: perTripKm, refuelAddedKg: refuelled }
        : { fuelUsedL: r3(fuel), consumptionLPer100km: perKm, tripConsumptionLPer100km: perTripKm, refuelAddedL: refuelled }),
      trips: this.trips.length,
      passengersBoarded: this.trips.reduce((s, t) => s + t.passengers.boarded, 0),
      ratings: this.ratings.length,
      questionnaires: this.questionnaires.length,
      refuels: this.refuels.length,
      vibrationWindows: this.windows,
      gnssLostSeconds: this.gnssLostSeconds,
      skewedMessages: this.skewedMessages,
    };
  }
}
