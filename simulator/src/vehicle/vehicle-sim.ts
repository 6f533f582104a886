/**
 * One coach, second by second over the run, composed of its parts: driving (powertrain, route,
 * speed profile), the fuel store and refuelling, the riders and their ratings, the drivers and
 * their questionnaires, the unit's sensors and content faults, and the ground-truth bookkeeping.
 * `run()` is a generator: every `yield` is one simulated second, so the runner advances all coaches
 * in lockstep and decides how fast simulated time flows. What the unit would send goes to a sink;
 * what really happened goes to the truth book. This class owns the clock, the cabin, and the one
 * place where a second happens (`tick`): every part's state meets there.
 */
import type { TelemetryEvent } from '@app/contract';
import { LINES, LOCAL_UTC_OFFSET_S, type LineId, type VehicleSpec } from '@app/data';
import { totalVibrationValue } from '@app/domain';
import { AnswerDevices } from '../feedback/answer-devices';
import type { VehicleFaultPlan } from '../faults';
import { cabinNoiseDbA, driverNoiseDbA, hvacLoadKw, stepCabin, type CabinState } from '../physics/cabin';
import { randomPhases, VibrationModel } from '../physics/vibration';
import type { Rng } from '../rng';
import type { Weather } from '../world/weather';
import type { Coach, Seconds, UnitSink } from './coach';
import { DriverShifts } from './driver-shifts';
import { Driving } from './driving';
import { FuelStore } from './fuel-store';
import { Refuelling } from './refuelling';
import { Riders } from './riders';
import { blockDay, dayStartMs, serviceDay, type RunDate } from './service-day';
import { TruthBook } from './truth-book';
import { UnitSensors } from './unit-sensors';

export type { UnitSink } from './coach';
export type { RunDate } from './service-day';

export interface VehicleSimOptions {
  spec: VehicleSpec;
  /** The coach's index among its line's coaches (0, 1, …): which block it runs on a given day. */
  index: number;
  /** The line it runs (default 101). */
  lineId?: LineId;
  rng: Rng;
  weather: Weather;
  /** Service dates (YYYY-MM-DD) inside the run, in order, with their index in the whole trial. */
  dates: RunDate[];
  startMs: number;
  endMs: number;
  faults: VehicleFaultPlan;
  /** Seconds of raw samples per audit window (256 Hz × seconds samples, 1–32). */
  windowSeconds: number;
  /** Period of the audit windows while moving, s (docs/contract.md: 5 min). */
  windowPeriodS: number;
  sink: UnitSink;
  /**
   * The tablets' and drivers' pages, shared by the coaches (a driver drives both): they number
   * the answers. Default: this coach's own (a coach simulated alone).
   */
  devices?: AnswerDevices;
}

/** Where a coach parks before its first day: even coaches at the line's first terminus, odd ones at the other (Sablassou, Lunel Pont de Vesse on line 101). */
function startStop(lineId: LineId, index: number) {
  const line = LINES[lineId];
  const main = Object.values(line.patterns)[0];
  return line.stopById(index % 2 === 0 ? main.stopIds[0] : main.stopIds[main.stopIds.length - 1]);
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export class VehicleSim implements Coach {
  readonly spec: VehicleSpec;
  t: number;
  readonly truth: TruthBook;
  readonly driving: Driving;
  readonly fuel: FuelStore;
  readonly riders: Riders;
  readonly shifts: DriverShifts;
  private readonly refuelling: Refuelling;
  private readonly unit: UnitSensors;
  private readonly vibration: VibrationModel;
  private cabin: CabinState;

  constructor(private readonly o: VehicleSimOptions) {
    const { spec, rng, sink } = o;
    const devices = o.devices ?? new AnswerDevices(`standalone/${rng.seed}`);
    this.spec = spec;
    this.t = o.startMs;
    this.truth = new TruthBook(spec.fuel);
    // Each part draws from its own stream (forked by label), so the parts do not shift each other.
    const passengers = rng.fork('passengers');
    const drivers = rng.fork('drivers');
    const traffic = rng.fork('traffic');
    const windows = rng.fork('windows');
    this.vibration = new VibrationModel(spec.fuel, rng.fork('vibration'));
    const phases = randomPhases(rng.fork('phases'));
    const amb = o.weather.ambientC(o.startMs);
    this.cabin = { tempC: amb, cabTempC: amb, humidityPct: 55, co2Ppm: 430, hvacOn: false };
    this.fuel = new FuelStore(spec, amb);
    this.riders = new Riders({
      vehicleId: spec.id,
      rng: passengers,
      devices,
      onRating: (r, tripId) => sink.rating(r, tripId),
      truth: this.truth,
    });
    this.shifts = new DriverShifts({
      vehicleId: spec.id,
      fuel: spec.fuel,
      rng: drivers,
      devices,
      onQuestionnaire: (q) => sink.questionnaire(q),
      truth: this.truth,
    });
    this.driving = new Driving({
      spec,
      traffic,
      start: startStop(o.lineId ?? '101', o.index),
      massKg: () => spec.kerbMassKg.value + this.riders.count * spec.passengerMassKg.value + this.fuel.massKg() + 75,
      onHarsh: (kind, peak) => {
        this.event(kind, { peakMs2: Math.round(Math.min(50, peak) * 100) / 100 });
        this.truth.harsh(kind);
        this.riders.harsh();
        this.shifts.harsh();
      },
    });
    // The coach's own stream: the GNSS cold starts and the refuels draw from it, in time order.
    this.refuelling = new Refuelling(this.fuel, rng);
    this.unit = new UnitSensors({
      vehicleId: spec.id,
      faults: o.faults,
      rng,
      windowRng: windows,
      phases,
      windowSeconds: o.windowSeconds,
      windowPeriodS: o.windowPeriodS,
      sink,
      truth: this.truth,
    });
  }

  /** Whether the unit is on (the runner skips the nights when every unit sleeps). */
  get awake(): boolean {
    return this.unit.awake;
  }

  /** The whole run, one yield per simulated second. */
  *run(): Seconds {
    for (const date of this.o.dates) {
      const day = blockDay(date, this.o.index, this.o.lineId ?? '101');
      const start = dayStartMs(day);
      if (start < this.t) continue; // the run starts after this day's service began
      yield* this.sleepUntil(start);
      yield* serviceDay(this, this.refuelling, day);
    }
    yield* this.sleepUntil(this.o.endMs);
  }

  // ------------------------------------------------------------------ time

  private *sleepUntil(ms: number): Seconds {
    this.unit.sleep();
    while (this.t < ms) {
      // The gas follows the night air while the unit sleeps (every 10 min is plenty for a 1.5 h lag).
      if (this.fuel.tank && this.t % 600_000 === 0) this.fuel.relax(600, this.o.weather.ambientC(this.t));
      yield;
      this.t += 1000;
    }
  }

  *sleepFor(seconds: number): Seconds {
    yield* this.sleepUntil(this.t + seconds * 1000);
  }

  sleep(): void {
    this.unit.sleep();
  }

  *wake(): Seconds {
    const amb = this.o.weather.ambientC(this.t);
    this.cabin = { ...this.cabin, tempC: amb + 1, cabTempC: amb + 1.5, co2Ppm: 440, hvacOn: false };
    this.unit.wake(this.t);
    yield* this.stand(1);
  }

  /** One second with everything measured. */
  *second(): Seconds {
    this.tick();
    yield;
    this.t += 1000;
  }

  *stand(seconds: number): Seconds {
    this.driving.halt();
    for (let i = 0; i < seconds; i++) yield* this.second();
  }

  *standUntil(ms: number): Seconds {
    yield* this.stand(Math.max(0, Math.round((ms - this.t) / 1000)));
  }

  localDate(): string {
    return new Date(this.t + LOCAL_UTC_OFFSET_S * 1000).toISOString().slice(0, 10);
  }

  event(type: TelemetryEvent['type'], data: Record<string, unknown>): void {
    this.unit.event(this.t, type, data);
  }

  // ------------------------------------------------------------------ one second

  private tick(): void {
    const { t, driving, fuel, riders, spec } = this;
    const weather = this.o.weather;
    const ambient = weather.ambientC(t);
    this.cabin = stepCabin(this.cabin, {
      dtS: 1,
      ambientC: ambient,
      ambientHumidityPct: weather.ambientHumidityPct(ambient),
      passengers: riders.count,
      doorsOpen: driving.doorsOpen,
      engineOn: driving.engineOn,
    });
    const cabin = this.cabin;
    const pt = driving.powertrain(hvacLoadKw(cabin, ambient, spec.hvacPowerKw.value));
    const used = fuel.perSecond(pt.fuelPowerKw);
    fuel.burn(used);
    fuel.relax(1, ambient + (driving.v < 0.5 ? 2 : 0)); // parked in the sun, the roof warms
    const vib = this.vibration.step(driving.v, driving.roughness(), pt.engineRpm, driving.takeShock());
    const speedKmh = driving.v * 3.6;
    const noiseIn = {
      rpm: pt.engineRpm,
      loadPct: pt.engineLoadPct,
      speedKmh,
      hvacOn: cabin.hvacOn,
      passengers: riders.count,
      engineOffsetDb: spec.engineNoiseOffsetDb.value,
    };
    const cabinNoise = cabinNoiseDbA(noiseIn);
    const driverNoise = driverNoiseDbA(noiseIn);
    const aw = vib.aw;
    const seatAv = totalVibrationValue({ awx: aw[0], awy: aw[1], awz: aw[2] });
    const floorAv = totalVibrationValue({ awx: aw[3], awy: aw[4], awz: aw[5] });
    const moving = driving.moving;

    this.truth.second({
      aw,
      seatAv,
      floorAv,
      moving,
      cabinTempC: cabin.tempC,
      cabinNoiseDbA: cabinNoise,
      driverNoiseDbA: driverNoise,
      co2Ppm: cabin.co2Ppm,
      idleFuel: !moving && driving.engineOn ? used : null,
    });
    riders.ride({ floorAv, cabinTempC: cabin.tempC, cabinNoiseDbA: cabinNoise, jerk: driving.jerk() });
    this.shifts.cab({ driverNoiseDbA: driverNoise, seatAv, cabTempC: cabin.cabTempC });

    this.unit.second(
      t,
      driving.pos,
      {
        speedKmh: r1(speedKmh),
        odometerKm: Math.round(Math.floor(driving.odometerM / 5) * 0.005 * 1000) / 1000,
        engineRpm: Math.round(pt.engineRpm),
        engineLoadPct: r1(pt.engineLoadPct),
        acceleratorPct: r1(pt.acceleratorPct),
        brakePressed: pt.brakePressed,
        doorsOpen: driving.doorsOpen,
        passengers: riders.count,
        fuel: fuel.telemetry(),
        cabin: { tempC: r1(cabin.tempC), humidityPct: r1(cabin.humidityPct), co2Ppm: Math.round(cabin.co2Ppm), noiseDbA: r1(cabinNoise) },
        driver: { noiseDbA: r1(driverNoise), cabTempC: r1(cabin.cabTempC) },
        ambientTempC: r1(ambient),
        hvacOn: cabin.hvacOn,
        vibration: {
          driverSeat: { awx: r3(aw[0]), awy: r3(aw[1]), awz: r3(aw[2]) },
          floor: { awx: r3(aw[3]), awy: r3(aw[4]), awz: r3(aw[5]) },
        },
      },
      vib,
      moving,
    );
  }
}
