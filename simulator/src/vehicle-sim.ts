/**
 * One coach, its on-board unit's sensors, its riders and drivers, second by second over the trial.
 * `run()` is a generator: every `yield` is one simulated second, so the runner advances all coaches
 * in lockstep and decides how fast simulated time flows. What the unit would send goes to a sink
 * (seq 0 here: the unit's outbox numbers messages); what really happened goes to accumulators.
 */
import type { Telemetry, TelemetryEvent, VibrationWindow, RatingSubmission, DriverQuestionnaireSubmission } from '@app/contract';
import {
  buildTrips, CNG_STATION, DIESEL_STATION, FUELS, isPeak, LOCAL_UTC_OFFSET_S, serviceOn, stopById,
  type CngTankSpec, type DieselTankSpec, type Trip, type VehicleSpec,
} from '@app/data';
import { totalVibrationValue } from '@app/domain';
import { Accumulator, summarise } from './ground-truth';
import { IntervalCursor, type Spike, type VehicleFaultPlan, type SkewInterval, type Interval } from './faults';
import { CngTank } from './physics/cng-tank';
import { cabinNoiseDbA, driverNoiseDbA, hvacLoadKw, stepCabin, type CabinState } from './physics/cabin';
import { maxAccelMs2, powertrainStep } from './physics/powertrain';
import { CHANNELS, randomPhases, synthesiseWindow, VibrationModel, type VibrationSecond } from './physics/vibration';
import { answerQuestionnaire, RESPONSE_RATE_DRIVERS, shiftDrivers } from './people/drivers';
import { meanBoardings, pickDestination, rateRide, RESPONSE_RATE, SEATS } from './people/passengers';
import { AnswerDevices } from './feedback/answer-devices';
import type { Rng } from './rng';
import { cellOf, routeGeometry, RouteCursor, type RouteGeometry } from './world/route';
import type { Weather } from './world/weather';

export interface UnitSink {
  telemetry(t: Telemetry): void;
  event(e: TelemetryEvent): void;
  vibration(w: VibrationWindow): void;
  rating(r: RatingSubmission, tripId: string): void;
  questionnaire(q: DriverQuestionnaireSubmission): void;
}

export interface VehicleSimOptions {
  spec: VehicleSpec;
  /** 0 for the first coach, 1 for the second: which block each runs on a given day. */
  index: number;
  rng: Rng;
  weather: Weather;
  /** Service dates (YYYY-MM-DD) inside the run, in order, with their index in the whole trial. */
  dates: { date: string; serviceDayIndex: number }[];
  startMs: number;
  endMs: number;
  faults: VehicleFaultPlan;
  /** Seconds of raw samples per audit window (256 Hz × seconds samples, 1–32). */
  windowSeconds: number;
  /** Period of the audit windows while moving, s (CONTRACT.md: 5 min). */
  windowPeriodS: number;
  sink: UnitSink;
  /**
   * The tablets' and drivers' pages, shared by the coaches (a driver drives both): they number
   * the answers. Default: this coach's own (a coach simulated alone).
   */
  devices?: AnswerDevices;
}

interface Rider { dest: number; boardSec: number }

const HARSH_BRAKE = 2.5;
const HARSH_ACCEL = 1.5;
const HARSH_CORNER = 3.0;
const ROUNDABOUT_RADIUS_M = 22;

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export class VehicleSim {
  readonly spec: VehicleSpec;
  readonly fuel: 'cng' | 'diesel';
  t: number;
  private readonly rng: Rng;
  private readonly paxRng: Rng;
  private readonly driverRng: Rng;
  private readonly trafficRng: Rng;
  private readonly windowRng: Rng;
  private readonly vibration: VibrationModel;
  private readonly phases: Uint8Array;

  // Physical state
  awake = false;
  private engineOn = false;
  private v = 0;
  private a = 0;
  private prevA = 0;
  private odometerM: number;
  private pos: { lat: number; lon: number; headingDeg: number };
  private doorsOpen = false;
  private riders: Rider[] = [];
  private cabin: CabinState;
  private tank: CngTank | null = null;
  private dieselL = 0;
  private totalUsed: number;
  private geo: RouteGeometry | null = null;
  private s = 0;
  private shock = 1;
  private wasFix = false;
  private gnssColdUntil = 0;

  // Unit
  private windowSecs: VibrationSecond[] = [];
  private capturing = false;
  private captureStartMs = 0;
  private lastWindowMs = -Infinity;
  private skewCursor: IntervalCursor<SkewInterval>;
  private gnssCursor: IntervalCursor<Interval>;
  private spikeIdx = 0;

  // Truth
  private day: Accumulator | null = null;
  private trip: Accumulator | null = null;
  private tripRec: Record<string, unknown> | null = null;
  private tripSec = 0;
  /** Per second of the current trip: floor av², cabin temp, noise, |jerk|, load, harsh flag. */
  private tripSeries = { av2: new Float64Array(8000), temp: new Float64Array(8000), noise: new Float64Array(8000), jerk: new Float64Array(8000), load: new Float64Array(8000), harsh: new Uint8Array(8000) };
  private shiftAcc = { seconds: 0, cabNoise: 0, seatAv2: 0, cabTemp: 0, harsh: 0 };
  private lastRatingMs = 0;
  private readonly devices: AnswerDevices;
  readonly truth = { days: {} as Record<string, Record<string, unknown>>, trips: [] as Record<string, unknown>[], ratings: [] as Record<string, unknown>[], questionnaires: [] as Record<string, unknown>[], refuels: [] as Record<string, unknown>[], spikes: [] as Record<string, unknown>[], gnss: { lostSeconds: 0 }, skewedMessages: 0, windows: 0 };

  constructor(private readonly o: VehicleSimOptions) {
    this.spec = o.spec;
    this.fuel = o.spec.fuel;
    this.devices = o.devices ?? new AnswerDevices(`standalone/${o.rng.seed}`);
    this.t = o.startMs;
    this.rng = o.rng;
    this.paxRng = o.rng.fork('passengers');
    this.driverRng = o.rng.fork('drivers');
    this.trafficRng = o.rng.fork('traffic');
    this.windowRng = o.rng.fork('windows');
    this.vibration = new VibrationModel(this.fuel, o.rng.fork('vibration'));
    this.phases = randomPhases(o.rng.fork('phases'));
    this.odometerM = o.spec.startOdometerKm.value * 1000;
    this.totalUsed = o.spec.startTotalFuelUsed.value;
    const amb = o.weather.ambientC(o.startMs);
    this.cabin = { tempC: amb, cabTempC: amb, humidityPct: 55, co2Ppm: 430, hvacOn: false };
    if (o.spec.tank.kind === 'cng') {
      const spec = o.spec.tank as CngTankSpec;
      this.tank = new CngTank(spec, CngTank.nominalMassKg(spec) * 0.97, amb);
    } else {
      this.dieselL = (o.spec.tank as DieselTankSpec).capacityL.value * 0.95;
    }
    const first = o.index === 0 ? 'CAS-SAB' : 'LUN-PDV';
    const st = stopById(first);
    this.pos = { lat: st.lat, lon: st.lon, headingDeg: 90 };
    this.skewCursor = new IntervalCursor(o.faults.skews);
    this.gnssCursor = new IntervalCursor(o.faults.gnssLosses);
  }

  /** The whole run, one yield per simulated second. */
  *run(): Generator<void, void, void> {
    const trips = buildTrips();
    for (const { date, serviceDayIndex } of this.o.dates) {
      const service = serviceOn(date)!;
      const blockIndex = (serviceDayIndex + this.o.index) % 2;
      const blockTrips = trips.filter((t) => t.blockId === `B${blockIndex + 1}-${service}`);
      const midnight = Date.parse(`${date}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000;
      const firstDep = midnight + blockTrips[0].stopTimes[0].departureS * 1000;
      if (firstDep - 20 * 60_000 < this.t) continue; // the run starts after this day's service began
      yield* this.sleepUntil(firstDep - 20 * 60_000);
      yield* this.serviceDay(date, serviceDayIndex, blockIndex, blockTrips, midnight);
    }
    yield* this.sleepUntil(this.o.endMs);
  }

  // ------------------------------------------------------------------ day structure

  private *serviceDay(date: string, dayIdx: number, blockIndex: number, trips: Trip[], midnight: number): Generator<void, void, void> {
    const day = (this.day = new Accumulator());
    const dayRec: Record<string, unknown> = { date, block: trips[0].blockId, odometerStartKm: r3(this.odometerM / 1000), fuelCounterStart: r3(this.totalUsed) };
    const first = stopById(trips[0].stopTimes[0].stopId);
    this.pos = { lat: first.lat, lon: first.lon, headingDeg: this.pos.headingDeg };
    const drivers = shiftDrivers(dayIdx, blockIndex);
    const relief = Math.ceil(trips.length / 2);
    const deadheadKm = { value: 0 };

    yield* this.wake();
    this.event('ignition_on', {});
    this.engineOn = true;
    for (let k = 0; k < trips.length; k++) {
      const trip = trips[k];
      const dep = midnight + trip.stopTimes[0].departureS * 1000;
      const layoverS = (dep - this.t) / 1000;
      // Drivers switch the engine off for long layovers (anti-idling rule), not for short ones.
      if (layoverS > 8 * 60) {
        this.engineOn = false;
        this.event('ignition_off', {});
        yield* this.stand(layoverS - 180);
        this.event('ignition_on', {});
        this.engineOn = true;
      }
      yield* this.standUntil(dep - 60_000);
      const driverId = k < relief ? drivers[0] : drivers[1];
      yield* this.driveTrip(trip, driverId, midnight);
      if (k === relief - 1 || k === trips.length - 1) this.endShift(driverId, date);
    }
    yield* this.stand(5 * 60);
    this.engineOn = false;
    this.event('ignition_off', {});
    yield* this.stand(60);
    if (this.needsRefuel()) yield* this.refuel(deadheadKm);
    this.awake = false;
    // Day distance and fuel from the odometer and the fuel counter (deadhead to the station included).
    day.distM = this.odometerM - (dayRec.odometerStartKm as number) * 1000;
    day.fuel = this.totalUsed - (dayRec.fuelCounterStart as number);
    dayRec.odometerEndKm = r3(this.odometerM / 1000);
    dayRec.fuelCounterEnd = r3(this.totalUsed);
    dayRec.odometerDistanceKm = r3((dayRec.odometerEndKm as number) - (dayRec.odometerStartKm as number));
    dayRec.deadheadKm = r3(deadheadKm.value);
    dayRec.refuels = this.truth.refuels.filter((x) => x.date === date);
    dayRec.tripIds = this.truth.trips.filter((x) => x.date === date).map((x) => x.tripId);
    if (this.tank) {
      dayRec.tankMassEndKg = r3(this.tank.massKg);
      dayRec.tankGasTempEndC = r2(this.tank.gasTempC);
    } else dayRec.tankLitresEnd = r3(this.dieselL);
    Object.assign(dayRec, summarise(day, this.fuel === 'cng' ? 'Kg' : 'L'));
    this.truth.days[date] = dayRec;
    this.day = null;
  }

  private needsRefuel(): boolean {
    // Enough for a full weekday (13–15 trips × 24 km × ~0.4 kg/km) with margin, else fill tonight.
    if (this.tank) return this.tank.usableMassKg() < 125;
    return this.dieselL < 0.45 * (this.spec.tank as DieselTankSpec).capacityL.value;
  }

  /**
   * To the station and back with the unit asleep (the deadhead is not simulated second by second:
   * its distance and fuel are added at the average rate), then the fill with the unit awake.
   */
  private *refuel(deadhead: { value: number }): Generator<void, void, void> {
    const station = this.tank ? CNG_STATION : DIESEL_STATION;
    const km = 1.3 * Math.hypot((station.lat - this.pos.lat) * 111, (station.lon - this.pos.lon) * 80.6) + 1;
    this.awake = false;
    yield* this.sleepFor(25 * 60);
    deadhead.value += km;
    this.odometerM += km * 1000;
    const deadFuel = km * (this.tank ? 0.3 : 0.28);
    this.burn(deadFuel);
    this.pos = { lat: station.lat, lon: station.lon, headingDeg: this.pos.headingDeg };
    yield* this.wake();
    this.event('ignition_on', {});
    yield* this.stand(6 * 60);
    let added: number;
    const date = this.localDate();
    if (this.tank) {
      added = this.tank.fill(0.96 + 0.03 * this.rng.next());
    } else {
      const cap = (this.spec.tank as DieselTankSpec).capacityL.value;
      added = cap * (0.97 + 0.02 * this.rng.next()) - this.dieselL;
      this.dieselL += added;
    }
    // What the attendant keys at the pump: usually right, sometimes missing or wrong.
    const roll = this.rng.next();
    const keyedStatus = roll < 0.12 ? 'missing' : roll < 0.2 ? 'wrong' : 'ok';
    let keyed: number | undefined = Math.round(added * 10) / 10;
    if (keyedStatus === 'missing') keyed = undefined;
    if (keyedStatus === 'wrong') keyed = this.rng.chance(0.5) ? Math.round(added * 100) / 10 : Math.round(added * this.rng.uniform(0.6, 0.85) * 10) / 10;
    if (keyed !== undefined) keyed = Math.min(this.tank ? 1000 : 2000, keyed);
    yield* this.stand(2 * 60);
    this.event('refuel', this.tank ? { stationId: station.id, ...(keyed !== undefined ? { addedKg: keyed } : {}) } : { stationId: station.id, ...(keyed !== undefined ? { addedL: keyed } : {}) });
    this.truth.refuels.push({ date, ts: new Date(this.t).toISOString(), stationId: station.id, [this.tank ? 'addedKg' : 'addedL']: r3(added), keyed: keyed ?? null, keyedStatus });
    yield* this.stand(5 * 60);
    this.event('ignition_off', {});
    yield* this.stand(60);
  }

  private localDate(): string {
    return new Date(this.t + LOCAL_UTC_OFFSET_S * 1000).toISOString().slice(0, 10);
  }

  // ------------------------------------------------------------------ time primitives

  private *sleepUntil(ms: number): Generator<void, void, void> {
    this.awake = false;
    while (this.t < ms) {
      // The gas follows the night air while the unit sleeps (every 10 min is plenty for a 1.5 h lag).
      if (this.tank && this.t % 600_000 === 0) this.tank.relax(600, this.o.weather.ambientC(this.t));
      yield;
      this.t += 1000;
    }
  }

  private *sleepFor(seconds: number): Generator<void, void, void> {
    yield* this.sleepUntil(this.t + seconds * 1000);
  }

  /** The unit wakes: the gas and the cabin have followed the weather while it slept. */
  private *wake(): Generator<void, void, void> {
    const amb = this.o.weather.ambientC(this.t);
    this.cabin = { ...this.cabin, tempC: amb + 1, cabTempC: amb + 1.5, co2Ppm: 440, hvacOn: false };
    this.awake = true;
    this.gnssColdUntil = this.t + this.rng.int(15, 45) * 1000; // GNSS cold start
    this.wasFix = true;
    yield* this.stand(1);
  }

  private *stand(seconds: number): Generator<void, void, void> {
    this.v = 0; this.a = 0;
    for (let i = 0; i < seconds; i++) {
      this.tick();
      yield;
      this.t += 1000;
    }
  }

  private *standUntil(ms: number): Generator<void, void, void> {
    yield* this.stand(Math.max(0, Math.round((ms - this.t) / 1000)));
  }

  private burn(amount: number): void {
    if (this.tank) this.tank.draw(amount);
    else this.dieselL = Math.max(0, this.dieselL - amount);
    this.totalUsed += amount;
  }

  // ------------------------------------------------------------------ a trip

  private *driveTrip(trip: Trip, driverId: string, midnight: number): Generator<void, void, void> {
    const geo = (this.geo = routeGeometry(trip.pattern, trip.direction));
    const cursor = new RouteCursor(geo);
    this.s = 0;
    const acc = (this.trip = new Accumulator());
    this.tripSec = 0;
    const localMin = trip.stopTimes[0].departureS / 60;
    const saturday = trip.service === 'SAM';
    const peak = !saturday && isPeak(localMin);
    const stopIds = geo.stops.map((s) => s.stopId);
    const startOdo = this.odometerM;
    const startFuel = this.totalUsed;
    const rec: Record<string, unknown> = {
      tripId: trip.tripId, date: this.localDate(), driverId, direction: trip.direction, pattern: trip.pattern,
      scheduledDeparture: new Date(midnight + trip.stopTimes[0].departureS * 1000).toISOString(),
    };
    this.tripRec = rec;
    // Driver style: how briskly this driver accelerates and brakes today.
    const style = 0.9 + 0.2 * this.driverRng.next();

    this.doorsOpen = true;
    yield* this.stand(40);
    this.event('trip_start', { tripId: trip.tripId, direction: trip.direction, driverId });
    rec.startTs = new Date(this.t).toISOString();
    // Boarding at the first stop while the doors are open before departure.
    const b0 = this.board(0, stopIds, localMin, trip.direction, saturday);
    yield* this.stand(Math.max(5, Math.round(midnight / 1000 + trip.stopTimes[0].departureS - this.t / 1000)));
    this.doorsOpen = false;
    this.event('stop_departure', { stopId: stopIds[0], boarded: b0, alighted: 0 });

    for (let k = 1; k < geo.stops.length; k++) {
      const last = k === geo.stops.length - 1;
      const stopDist = geo.stops[k].distM;
      // Will the coach stop here? Someone to drop, or someone waiting (the driver sees them).
      const alighting = this.riders.filter((p) => p.dest === k).length;
      const waitingMean = last ? 0 : meanBoardings(stopIds[k], trip.direction, localMin, saturday);
      const waiting = this.paxRng.poisson(waitingMean);
      const serve = last || alighting > 0 || waiting > 0;
      yield* this.driveTo(geo, cursor, stopDist, serve, peak, style);
      if (!serve) continue;
      this.event('stop_arrival', { stopId: stopIds[k] });
      this.doorsOpen = true;
      const alighted = this.alight(k, trip);
      const boarded = last ? 0 : this.boardCount(k, stopIds, waiting);
      // Dwell: door cycle plus front-door boarding (tickets) and alighting; hold if early.
      let dwell = Math.round(6 + 3.2 * boarded + 1.2 * alighted + 2 * this.paxRng.next());
      const sched = midnight + (trip.stopTimes.find((st) => st.stopId === stopIds[k])?.departureS ?? 0) * 1000;
      if (!last && sched - this.t > dwell * 1000 + 45_000) dwell = Math.min(180, Math.round((sched - this.t) / 1000));
      yield* this.stand(dwell);
      this.doorsOpen = false;
      if (last) break;
      this.event('stop_departure', { stopId: stopIds[k], boarded, alighted });
    }
    yield* this.stand(10);
    this.doorsOpen = false;
    this.event('trip_end', { tripId: trip.tripId });
    rec.endTs = new Date(this.t).toISOString();
    acc.distM = this.odometerM - startOdo;
    acc.fuel = this.totalUsed - startFuel;
    Object.assign(rec, summarise(acc, this.fuel === 'cng' ? 'Kg' : 'L'));
    this.truth.trips.push(rec);
    if (this.day) {
      this.day.boarded += acc.boarded; this.day.alighted += acc.alighted; this.day.denied += acc.denied;
      this.day.ratings += acc.ratings; this.day.ratingSum += acc.ratingSum;
      for (const h of Object.keys(acc.harsh) as (keyof Accumulator['harsh'])[]) this.day.harsh[h] += acc.harsh[h];
    }
    this.trip = null;
    this.tripRec = null;
    this.geo = null;
  }

  /** Drives to `targetDist` along the route, through lights and roundabouts; stops there if `stop`. */
  private *driveTo(geo: RouteGeometry, cursor: RouteCursor, targetDist: number, stop: boolean, peak: boolean, style: number): Generator<void, void, void> {
    interface Constraint { dist: number; v: number; holdS: number; kind: string; done: boolean; shock?: number }
    const cons: Constraint[] = [];
    for (const f of geo.features) {
      if (f.distM <= this.s + 1 || f.distM >= targetDist - 5) continue;
      if (f.kind === 'light') {
        const red = this.trafficRng.chance(0.35);
        cons.push({ dist: f.distM, v: red ? 0 : 99, holdS: red ? this.trafficRng.int(5, 45) : 0, kind: 'light', done: false });
      } else if (f.kind === 'roundabout') {
        const give = this.trafficRng.chance(0.15);
        cons.push({ dist: f.distM, v: give ? 0 : (30 / 3.6) * (1 + 0.1 * this.trafficRng.normal()), holdS: give ? this.trafficRng.int(2, 10) : 0, kind: 'roundabout', done: false });
      } else {
        cons.push({ dist: f.distM, v: 30 / 3.6, holdS: 0, kind: 'cushion', done: false, shock: 2.2 });
      }
    }
    // Peak traffic towards Montpellier: queues (stop-and-go) near the tram terminus.
    const nearMontpellier = (d: number) => {
      const sab = geo.stops.find((x) => x.stopId === 'CAS-SAB')!.distM;
      return Math.abs(d - sab) < 6000;
    };
    if (peak && nearMontpellier(this.s) && this.trafficRng.chance(0.7)) {
      const at = this.s + (targetDist - this.s) * this.trafficRng.uniform(0.3, 0.8);
      cons.push({ dist: at, v: 0, holdS: this.trafficRng.int(20, 90), kind: 'queue', done: false });
    }
    // Sometimes a car pulls out: an emergency stop (harsh brake).
    if (this.trafficRng.chance(0.012)) {
      cons.push({ dist: this.s + (targetDist - this.s) * 0.5, v: 0, holdS: 3, kind: 'emergency', done: false });
    }
    cons.sort((x, y) => x.dist - y.dist);
    cons.push({ dist: targetDist, v: stop ? 0 : 99, holdS: 0, kind: 'stop', done: false });
    const congestion = peak && nearMontpellier(this.s) ? 0.6 : 1;
    const comfortDecel = 1.0 * style;
    const launch = this.trafficRng.chance(0.03) ? 1.7 : 1.0 * style; // an occasional brisk launch

    for (let guard = 0; guard < 4 * 3600; guard++) {
      const next = cons.find((c) => !c.done)!;
      const cell = cellOf(geo, this.s);
      const grade = geo.grade[cell];
      const vLim = geo.limitMs[cell] * congestion;
      const mass = this.massKg();
      // Deceleration needed to meet each constraint ahead.
      let aReq = 0;
      let emergency = false;
      for (const c of cons) {
        if (c.done) continue;
        const d = c.dist - this.s;
        if (d > 400) break;
        if (this.v > c.v) {
          const need = (this.v * this.v - c.v * c.v) / (2 * Math.max(0.5, d - 1));
          if (need > aReq) { aReq = need; emergency = c.kind === 'emergency'; }
        }
      }
      let a: number;
      if (emergency && aReq > 0.3) a = -Math.min(4.5, Math.max(3.2, aReq));
      else if (aReq > comfortDecel * 0.85) a = -Math.min(3.5, aReq);
      else if (this.v > vLim + 0.3) a = -Math.min(comfortDecel, this.v - vLim);
      else a = Math.max(0, Math.min(maxAccelMs2(this.spec, this.v, grade, mass) * (launch > 1.2 && this.v < 8 ? 1.5 : 1), launch, vLim - this.v));
      let v2 = Math.max(0, this.v + a);
      let ds = (this.v + v2) / 2;
      const dNext = next.dist - this.s;
      if (next.v === 0 && (ds >= dNext - 0.3 || (v2 < 1.2 && dNext < 4))) {
        // Arrive exactly at the stop line.
        ds = Math.max(0, dNext);
        a = -this.v;
        v2 = 0;
      }
      if (emergency && a < -HARSH_BRAKE) a = Math.max(a, -4.5);
      this.prevA = this.a;
      this.a = a;
      this.v = v2;
      this.s += ds;
      this.odometerM += ds;
      this.pos = cursor.at(this.s);
      this.shock = 1;
      // Passing slow points: roundabout (lateral acceleration), cushion (a shock).
      for (const c of cons) {
        if (c.done || c.v === 0 || c.dist > this.s) continue;
        c.done = true;
        if (c.shock) this.shock = c.shock;
        if (c.kind === 'roundabout') {
          const lateral = (this.v * this.v) / ROUNDABOUT_RADIUS_M;
          if (lateral > HARSH_CORNER) this.harsh('harsh_corner', lateral);
        }
      }
      const passedTarget = cons[cons.length - 1].done; // a stop nobody needed: driven past
      if (a < -HARSH_BRAKE) this.harsh('harsh_brake', -a);
      if (a > HARSH_ACCEL) this.harsh('harsh_accel', a);
      this.tick();
      yield;
      this.t += 1000;
      if (next.v === 0 && this.v === 0 && Math.abs(next.dist - this.s) < 0.5) {
        next.done = true;
        if (next.kind === 'stop') return;
        yield* this.stand(next.holdS);
      }
      if (passedTarget) return;
    }
  }

  private harsh(type: 'harsh_brake' | 'harsh_accel' | 'harsh_corner', peak: number): void {
    this.event(type, { peakMs2: r2(Math.min(50, peak)) });
    if (this.trip) this.trip.harsh[type]++;
    else if (this.day) this.day.harsh[type]++;
    if (this.trip && this.tripSec < this.tripSeries.harsh.length) this.tripSeries.harsh[this.tripSec] = 1;
    this.shiftAcc.harsh++;
  }

  private massKg(): number {
    const fuelMass = this.tank ? this.tank.massKg : this.dieselL * FUELS.dieselDensityKgPerL.value;
    return this.spec.kerbMassKg.value + this.riders.length * this.spec.passengerMassKg.value + fuelMass + 75;
  }

  // ------------------------------------------------------------------ riders

  private board(k: number, stopIds: string[], localMin: number, dir: 0 | 1, saturday: boolean): number {
    return this.boardCount(k, stopIds, this.paxRng.poisson(2.2 * meanBoardings(stopIds[k], dir, localMin, saturday)));
  }

  /** Seated only (59 seats): riders beyond the free seats wait for the next coach. */
  private boardCount(k: number, stopIds: string[], waiting: number): number {
    const free = SEATS - this.riders.length;
    const n = Math.min(free, waiting);
    for (let i = 0; i < n; i++) this.riders.push({ dest: pickDestination(this.paxRng, stopIds, k), boardSec: this.tripSec });
    if (this.trip) { this.trip.boarded += n; this.trip.denied += waiting - n; }
    return n;
  }

  private alight(k: number, trip: Trip): number {
    const staying: Rider[] = [];
    let n = 0;
    for (const p of this.riders) {
      if (p.dest !== k) { staying.push(p); continue; }
      n++;
      if (this.paxRng.chance(RESPONSE_RATE)) this.rate(p, trip);
    }
    this.riders = staying;
    if (this.trip) this.trip.alighted += n;
    return n;
  }

  private rate(p: Rider, trip: Trip): void {
    const S = this.tripSeries;
    const from = Math.min(p.boardSec, S.av2.length - 1), to = Math.min(this.tripSec, S.av2.length);
    let av2 = 0, temp = 0, noise = 0, jerk = 0, load = 0, harsh = 0;
    for (let i = from; i < to; i++) {
      av2 += S.av2[i]; temp += S.temp[i]; noise += S.noise[i];
      jerk = Math.max(jerk, S.jerk[i]); load = Math.max(load, S.load[i]); harsh += S.harsh[i];
    }
    const n = Math.max(1, to - from);
    const answer = rateRide(this.paxRng, {
      seconds: n, floorAv: Math.sqrt(av2 / n), harshEvents: harsh, maxJerk: jerk,
      meanCabinTempC: temp / n, meanNoiseDbA: noise / n, maxLoad: load,
    });
    // Riders queue at the tablet: answers at least 6 s apart (the tablet refuses faster taps).
    const at = Math.max(this.t, this.lastRatingMs + 6000);
    this.lastRatingMs = at;
    const submission: RatingSubmission = { ...this.devices.tablet(this.spec.id), vehicleId: this.spec.id, answeredAt: new Date(at).toISOString(), ...answer };
    this.o.sink.rating(submission, trip.tripId);
    this.truth.ratings.push({ ...submission, tripId: trip.tripId });
    if (this.trip) { this.trip.ratings++; this.trip.ratingSum += answer.overall; }
  }

  private endShift(driverId: string, date: string): void {
    const sh = this.shiftAcc;
    const n = Math.max(1, sh.seconds);
    const leniency = 0.3 * this.driverRng.fork(driverId).normal();
    this.shiftAcc = { seconds: 0, cabNoise: 0, seatAv2: 0, cabTemp: 0, harsh: 0 };
    if (!this.driverRng.chance(RESPONSE_RATE_DRIVERS)) return;
    const answers = answerQuestionnaire(this.driverRng, leniency, {
      fuel: this.fuel, meanCabNoiseDbA: sh.cabNoise / n, seatAv: Math.sqrt(sh.seatAv2 / n), meanCabTempC: sh.cabTemp / n, harshEvents: sh.harsh,
    });
    const q: DriverQuestionnaireSubmission = {
      ...this.devices.driver(driverId), driverId, vehicleId: this.spec.id, shiftDate: date,
      answeredAt: new Date(this.t + 120_000).toISOString(), ...answers,
    };
    this.o.sink.questionnaire(q);
    this.truth.questionnaires.push({ ...q });
  }

  // ------------------------------------------------------------------ one second of the unit

  private tick(): void {
    const t = this.t;
    const weather = this.o.weather;
    const ambient = weather.ambientC(t);
    this.cabin = stepCabin(this.cabin, {
      dtS: 1, ambientC: ambient, ambientHumidityPct: weather.ambientHumidityPct(ambient),
      passengers: this.riders.length, doorsOpen: this.doorsOpen, engineOn: this.engineOn,
    });
    const hvacKw = hvacLoadKw(this.cabin, ambient, this.spec.hvacPowerKw.value);
    const grade = this.geo ? this.geo.grade[cellOf(this.geo, this.s)] : 0;
    const pt = powertrainStep(this.spec, { speedMs: this.v, accelMs2: this.a, gradeRad: Math.atan(grade), massKg: this.massKg(), hvacKw, engineOn: this.engineOn });
    const lhv = this.tank ? FUELS.methaneLhvMjPerKg.value * 1000 : FUELS.dieselLhvMjPerL.value * 1000; // kJ per kg or L
    const used = pt.fuelPowerKw / lhv;
    this.burn(used);
    if (this.tank) this.tank.relax(1, ambient + (this.v < 0.5 ? 2 : 0)); // parked in the sun, the roof warms
    const roughness = this.geo ? this.geo.roughness[cellOf(this.geo, this.s)] : 1;
    const vib = this.vibration.step(this.v, roughness, pt.engineRpm, this.shock);
    this.shock = 1;
    const speedKmh = this.v * 3.6;
    const noiseIn = { rpm: pt.engineRpm, loadPct: pt.engineLoadPct, speedKmh, hvacOn: this.cabin.hvacOn, passengers: this.riders.length, engineOffsetDb: this.spec.engineNoiseOffsetDb.value };
    const cabinNoise = cabinNoiseDbA(noiseIn);
    const driverNoise = driverNoiseDbA(noiseIn);
    const aw = vib.aw;
    const seat = { awx: r3(aw[0]), awy: r3(aw[1]), awz: r3(aw[2]) };
    const floor = { awx: r3(aw[3]), awy: r3(aw[4]), awz: r3(aw[5]) };
    const seatAv = totalVibrationValue({ awx: aw[0], awy: aw[1], awz: aw[2] });
    const floorAv = totalVibrationValue({ awx: aw[3], awy: aw[4], awz: aw[5] });

    // Truth
    const moving = this.v > 0.3;
    for (const acc of [this.trip, this.day]) {
      if (!acc) continue;
      acc.addSecond(aw, seatAv, floorAv, moving);
      acc.sumCabinTemp += this.cabin.tempC;
      acc.sumCabinNoise += cabinNoise;
      acc.sumDriverNoise += driverNoise;
      acc.maxCo2 = Math.max(acc.maxCo2, this.cabin.co2Ppm);
      if (!moving && this.engineOn) acc.idleFuel += used;
    }
    if (this.trip) {
      const i = this.tripSec++;
      const S = this.tripSeries;
      if (i < S.av2.length) {
        S.av2[i] = floorAv * floorAv; S.temp[i] = this.cabin.tempC; S.noise[i] = cabinNoise;
        S.jerk[i] = Math.abs(this.a - this.prevA); S.load[i] = this.riders.length / SEATS; S.harsh[i] = 0;
      }
    }
    this.shiftAcc.seconds++;
    this.shiftAcc.cabNoise += driverNoise;
    this.shiftAcc.seatAv2 += seatAv * seatAv;
    this.shiftAcc.cabTemp += this.cabin.cabTempC;

    // GNSS: cold start after waking, and the planned losses.
    const lost = t < this.gnssColdUntil || this.gnssCursor.at(t) !== null;
    const fix = !lost;
    if (fix !== this.wasFix) this.event(fix ? 'gnss_fixed' : 'gnss_lost', {});
    this.wasFix = fix;
    if (!fix) this.truth.gnss.lostSeconds++;

    const telemetry: Telemetry = {
      v: 1, vehicleId: this.spec.id, seq: 0, ts: this.stamp(t),
      ...(fix ? { pos: { lat: Math.round(this.pos.lat * 1e6) / 1e6, lon: Math.round(this.pos.lon * 1e6) / 1e6, headingDeg: r1(this.pos.headingDeg), fix: true } } : {}),
      speedKmh: r1(speedKmh),
      odometerKm: Math.floor(this.odometerM / 5) * 0.005,
      engineRpm: Math.round(pt.engineRpm),
      engineLoadPct: r1(pt.engineLoadPct),
      acceleratorPct: r1(pt.acceleratorPct),
      brakePressed: pt.brakePressed,
      doorsOpen: this.doorsOpen,
      passengers: this.riders.length,
      fuel: this.tank
        ? { type: 'cng', tankPressureBar: r1(this.tank.pressureBar()), tankTempC: r1(this.tank.gasTempC), totalUsedKg: r2(this.totalUsed), levelPct: r1(this.tank.levelPct()) }
        : { type: 'diesel', totalUsedL: r2(this.totalUsed), levelPct: r1((this.dieselL / (this.spec.tank as DieselTankSpec).capacityL.value) * 100) },
      cabin: { tempC: r1(this.cabin.tempC), humidityPct: r1(this.cabin.humidityPct), co2Ppm: Math.round(this.cabin.co2Ppm), noiseDbA: r1(cabinNoise) },
      driver: { noiseDbA: r1(driverNoise), cabTempC: r1(this.cabin.cabTempC) },
      ambientTempC: r1(ambient),
      hvacOn: this.cabin.hvacOn,
      vibration: { driverSeat: seat, floor },
    };
    telemetry.odometerKm = Math.round(telemetry.odometerKm * 1000) / 1000;
    this.applySpike(t, telemetry);
    this.o.sink.telemetry(telemetry);

    // Audit windows: every windowPeriodS while moving.
    if (!this.capturing && moving && t - this.lastWindowMs >= this.o.windowPeriodS * 1000) {
      this.capturing = true;
      this.captureStartMs = t;
      this.lastWindowMs = t;
      this.windowSecs = [];
    }
    if (this.capturing) {
      this.windowSecs.push(vib);
      if (this.windowSecs.length >= this.o.windowSeconds) this.emitWindows();
    }
  }

  private emitWindows(): void {
    this.capturing = false;
    for (const location of [0, 1] as const) {
      const samples = synthesiseWindow(this.windowSecs, location, this.phases, this.windowRng);
      this.o.sink.vibration({
        v: 1, vehicleId: this.spec.id, seq: 0, ts: this.stamp(this.captureStartMs),
        location: location === 0 ? 'driverSeat' : 'floor', sampleRateHz: 256, unit: 'm/s2', ...samples,
      });
      this.truth.windows++;
    }
    this.windowSecs = [];
  }

  private applySpike(t: number, tel: Telemetry): void {
    const spikes = this.o.faults.spikes;
    while (this.spikeIdx < spikes.length && spikes[this.spikeIdx].atMs < t) this.spikeIdx++;
    const sp: Spike | undefined = spikes[this.spikeIdx];
    if (!sp || sp.atMs !== t) return;
    let trueValue: number;
    switch (sp.field) {
      case 'cabin.co2Ppm': trueValue = tel.cabin.co2Ppm; tel.cabin.co2Ppm = sp.value; break;
      case 'cabin.tempC': trueValue = tel.cabin.tempC; tel.cabin.tempC = sp.value; break;
      case 'cabin.noiseDbA': trueValue = tel.cabin.noiseDbA; tel.cabin.noiseDbA = sp.value; break;
      case 'vibration.floor.awz': trueValue = tel.vibration.floor.awz; tel.vibration.floor.awz = sp.value; break;
      case 'ambientTempC': trueValue = tel.ambientTempC; tel.ambientTempC = sp.value; break;
    }
    this.truth.spikes.push({ kind: 'sensor-spike', vehicleId: this.spec.id, ts: new Date(t).toISOString(), field: sp.field, reported: sp.value, trueValue });
  }

  /** The unit's clock: GNSS time, unless a clock-skew fault is active. */
  private stamp(t: number): string {
    const sk = this.skewCursor.at(t);
    if (sk) this.truth.skewedMessages++;
    const at = sk ? t + sk.skewMs : t;
    // Telemetry and the events of one second share a stamp: format it once.
    if (at !== this.stampCache.at) { this.stampCache.at = at; this.stampCache.iso = new Date(at).toISOString(); }
    return this.stampCache.iso;
  }
  private stampCache = { at: NaN, iso: '' };

  private event(type: TelemetryEvent['type'], data: Record<string, unknown>): void {
    if (!this.awake) return;
    this.o.sink.event({ v: 1, vehicleId: this.spec.id, seq: 0, ts: this.stamp(this.t), type, data } as TelemetryEvent);
  }

  /** Per-vehicle part of the ground truth. */
  summary(): Record<string, unknown> {
    const days = Object.values(this.truth.days);
    const unit = this.fuel === 'cng' ? 'Kg' : 'L';
    const sum = (k: string) => days.reduce((s, d) => s + ((d[k] as number) ?? 0), 0);
    const distanceKm = sum('odometerDistanceKm');
    const fuel = days.reduce((s, d) => s + ((d.fuelCounterEnd as number) - (d.fuelCounterStart as number)), 0);
    const tripKm = this.truth.trips.reduce((s, t) => s + (t.distanceKm as number), 0);
    const tripFuel = this.truth.trips.reduce((s, t) => s + (t[`fuelUsed${unit}`] as number), 0);
    return {
      fuelType: this.fuel,
      distanceKm: r3(distanceKm),
      tripDistanceKm: r3(tripKm),
      [`fuelUsed${unit}`]: r3(fuel),
      [`consumption${unit}Per100km`]: distanceKm > 0 ? r2((fuel / distanceKm) * 100) : null,
      [`tripConsumption${unit}Per100km`]: tripKm > 0 ? r2((tripFuel / tripKm) * 100) : null,
      trips: this.truth.trips.length,
      passengersBoarded: this.truth.trips.reduce((s, t) => s + ((t.passengers as { boarded: number }).boarded), 0),
      ratings: this.truth.ratings.length,
      questionnaires: this.truth.questionnaires.length,
      refuels: this.truth.refuels.length,
      [`refuelAdded${unit}`]: r3(this.truth.refuels.reduce((s, x) => s + (x[`added${unit}`] as number), 0)),
      vibrationWindows: this.truth.windows,
      gnssLostSeconds: this.truth.gnss.lostSeconds,
      skewedMessages: this.truth.skewedMessages,
    };
  }
}
