/**
 * The on-board unit's measuring side and its content faults: asleep or awake, the GNSS fix (cold
 * start after waking, the planned losses), its clock (GNSS time unless a clock-skew fault is on),
 * sensor spikes, and the audit windows of raw vibration captured while moving. It stamps each
 * message and hands it to the sink (seq 0: the unit's outbox numbers messages).
 */
import type { Telemetry, TelemetryEvent } from '@app/contract';
import { IntervalCursor, type Interval, type SkewInterval, type Spike, type VehicleFaultPlan } from '../faults';
import { synthesiseWindow, type VibrationSecond } from '../physics/vibration';
import type { Rng } from '../rng';
import type { UnitSink } from './coach';
import type { Position } from './driving';
import type { TruthBook } from './truth-book';

const r1 = (x: number) => Math.round(x * 10) / 10;

export interface UnitSensorsOptions {
  vehicleId: string;
  faults: VehicleFaultPlan;
  /** Draws the GNSS cold start. */
  rng: Rng;
  /** Draws the raw samples of the audit windows. */
  windowRng: Rng;
  /** The vehicle's fixed vibration phases (physics/vibration.ts randomPhases). */
  phases: Uint8Array;
  /** Seconds of raw samples per audit window, and the period of the windows while moving (s). */
  windowSeconds: number;
  windowPeriodS: number;
  sink: Pick<UnitSink, 'telemetry' | 'event' | 'vibration'>;
  truth: TruthBook;
}

/** A second's measurements, as the unit would send them, less what the unit adds (stamp, position). */
export type Measured = Omit<Telemetry, 'v' | 'vehicleId' | 'seq' | 'ts' | 'pos'>;

export class UnitSensors {
  awake = false;
  private hadFix = false;
  private gnssColdUntil = 0;
  private readonly gnssLosses: IntervalCursor<Interval>;
  private readonly skews: IntervalCursor<SkewInterval>;
  private spikeIdx = 0;
  private stampCache = { at: NaN, iso: '' };
  // Audit window being captured.
  private capturing = false;
  private captureStartMs = 0;
  private lastWindowMs = -Infinity;
  private windowSecs: VibrationSecond[] = [];

  constructor(private readonly o: UnitSensorsOptions) {
    this.gnssLosses = new IntervalCursor(o.faults.gnssLosses);
    this.skews = new IntervalCursor(o.faults.skews);
  }

  /** Power on: the GNSS receiver starts cold (15–45 s without a fix). */
  wake(nowMs: number): void {
    this.awake = true;
    this.gnssColdUntil = nowMs + this.o.rng.int(15, 45) * 1000;
    this.hadFix = true;
  }

  sleep(): void {
    this.awake = false;
  }

  event(nowMs: number, type: TelemetryEvent['type'], data: Record<string, unknown>): void {
    if (!this.awake) return;
    this.o.sink.event({ v: 1, vehicleId: this.o.vehicleId, seq: 0, ts: this.stamp(nowMs), type, data } as TelemetryEvent);
  }

  /** One second of the unit: the fix, the telemetry sample (spiked if planned), the audit window. */
  second(t: number, pos: Position, measured: Measured, vib: VibrationSecond, moving: boolean): void {
    const fix = this.gnss(t);
    const telemetry: Telemetry = {
      v: 1,
      vehicleId: this.o.vehicleId,
      seq: 0,
      ts: this.stamp(t),
      ...(fix
        ? { pos: { lat: Math.round(pos.lat * 1e6) / 1e6, lon: Math.round(pos.lon * 1e6) / 1e6, headingDeg: r1(pos.headingDeg), fix: true } }
        : {}),
      ...measured,
    };
    this.spike(t, telemetry);
    this.o.sink.telemetry(telemetry);
    this.auditWindow(t, vib, moving);
  }

  /** GNSS: cold start after waking, and the planned losses. */
  private gnss(t: number): boolean {
    const fix = !(t < this.gnssColdUntil || this.gnssLosses.at(t) !== null);
    if (fix !== this.hadFix) this.event(t, fix ? 'gnss_fixed' : 'gnss_lost', {});
    this.hadFix = fix;
    if (!fix) this.o.truth.gnssLostSecond();
    return fix;
  }

  /** The unit's clock: GNSS time, unless a clock-skew fault is active. */
  private stamp(t: number): string {
    const sk = this.skews.at(t);
    if (sk) this.o.truth.skewedMessage();
    const at = sk ? t + sk.skewMs : t;
    // Telemetry and the events of one second share a stamp: format it once.
    if (at !== this.stampCache.at) {
      this.stampCache.at = at;
      this.stampCache.iso = new Date(at).toISOString();
    }
    return this.stampCache.iso;
  }

  private spike(t: number, tel: Telemetry): void {
    const spikes = this.o.faults.spikes;
    while (this.spikeIdx < spikes.length && spikes[this.spikeIdx].atMs < t) this.spikeIdx++;
    const sp: Spike | undefined = spikes[this.spikeIdx];
    if (!sp || sp.atMs !== t) return;
    let trueValue: number;
    switch (sp.field) {
      case 'cabin.co2Ppm':
        trueValue = tel.cabin.co2Ppm;
        tel.cabin.co2Ppm = sp.value;
        break;
      case 'cabin.tempC':
        trueValue = tel.cabin.tempC;
        tel.cabin.tempC = sp.value;
        break;
      case 'cabin.noiseDbA':
        trueValue = tel.cabin.noiseDbA;
        tel.cabin.noiseDbA = sp.value;
        break;
      case 'vibration.floor.awz':
        trueValue = tel.vibration.floor.awz;
        tel.vibration.floor.awz = sp.value;
        break;
      case 'ambientTempC':
        trueValue = tel.ambientTempC;
        tel.ambientTempC = sp.value;
        break;
    }
    this.o.truth.spike({
      kind: 'sensor-spike',
      vehicleId: this.o.vehicleId,
      ts: new Date(t).toISOString(),
      field: sp.field,
      reported: sp.value,
      trueValue,
    });
  }

  /** Audit windows: one every windowPeriodS while moving, windowSeconds long, both locations. */
  private auditWindow(t: number, vib: VibrationSecond, moving: boolean): void {
    if (!this.capturing && moving && t - this.lastWindowMs >= this.o.windowPeriodS * 1000) {
      this.capturing = true;
      this.captureStartMs = t;
      this.lastWindowMs = t;
      this.windowSecs = [];
    }
    if (!this.capturing) return;
    this.windowSecs.push(vib);
    if (this.windowSecs.length < this.o.windowSeconds) return;
    this.capturing = false;
    for (const location of [0, 1] as const) {
      const samples = synthesiseWindow(this.windowSecs, location, this.o.phases, this.o.windowRng);
      this.o.sink.vibration({
        v: 1,
        vehicleId: this.o.vehicleId,
        seq: 0,
        ts: this.stamp(this.captureStartMs),
        location: location === 0 ? 'driverSeat' : 'floor',
        sampleRateHz: 256,
        unit: 'm/s2',
        ...samples,
      });
      this.o.truth.auditWindow();
    }
    this.windowSecs = [];
  }
}
