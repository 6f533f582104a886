/**
 * The coach in motion: engine and doors, speed and acceleration, where it is along the route and
 * on the map, the odometer, and what the powertrain makes of each second. `driveTo` is the speed
 * profile of one leg: it meets lights, roundabouts, cushions, peak queues and the stop ahead with
 * comfortable decelerations, and reports the harsh manoeuvres it could not avoid.
 */
import type { Trip, VehicleSpec } from '@app/data';
import type { HarshKind } from '../ground-truth';
import { maxAccelMs2, powertrainStep, type PowertrainOutput } from '../physics/powertrain';
import type { Rng } from '../rng';
import { cellOf, routeGeometry, RouteCursor, type RouteGeometry } from '../world/route';

const HARSH_BRAKE = 2.5;
const HARSH_ACCEL = 1.5;
const HARSH_CORNER = 3.0;
const ROUNDABOUT_RADIUS_M = 22;

export interface Position {
  lat: number;
  lon: number;
  headingDeg: number;
}

/** The coach's seconds, as the driving sees them: one second with everything measured, or standing still. */
export interface DrivingClock {
  second(): Generator<void, void, void>;
  stand(seconds: number): Generator<void, void, void>;
}

export interface DrivingOptions {
  spec: VehicleSpec;
  /** Lights, give-ways, queues and emergencies on the road. */
  traffic: Rng;
  start: { lat: number; lon: number };
  /** The coach's mass now (riders and fuel change it), kg. */
  massKg: () => number;
  onHarsh: (kind: HarshKind, peakMs2: number) => void;
}

interface Constraint {
  dist: number;
  v: number;
  holdS: number;
  kind: string;
  done: boolean;
  shock?: number;
}

export class Driving {
  engineOn = false;
  doorsOpen = false;
  /** Speed (m/s) and acceleration (m/s²) of the current second. */
  v = 0;
  a = 0;
  private prevA = 0;
  odometerM: number;
  pos: Position;
  private route: { geo: RouteGeometry; cursor: RouteCursor } | null = null;
  /** Distance along the current route, m. */
  private s = 0;
  /** Vibration shock factor of this second (> 1 over a cushion), used once. */
  private shock = 1;

  constructor(private readonly o: DrivingOptions) {
    this.odometerM = o.spec.startOdometerKm.value * 1000;
    this.pos = { lat: o.start.lat, lon: o.start.lon, headingDeg: 90 };
  }

  /** At a stop or a station, facing as before. */
  placeAt(at: { lat: number; lon: number }): void {
    this.pos = { lat: at.lat, lon: at.lon, headingDeg: this.pos.headingDeg };
  }

  /** A drive not simulated second by second (to the station and back): in the odometer only. */
  deadhead(km: number, to: { lat: number; lon: number }): void {
    this.odometerM += km * 1000;
    this.placeAt(to);
  }

  beginRoute(trip: Trip): RouteGeometry {
    const geo = routeGeometry(trip.pattern, trip.direction);
    this.route = { geo, cursor: new RouteCursor(geo) };
    this.s = 0;
    return geo;
  }

  endRoute(): void {
    this.route = null;
  }

  halt(): void {
    this.v = 0;
    this.a = 0;
  }

  get moving(): boolean {
    return this.v > 0.3;
  }

  /** |Δa| over the last second, m/s³. */
  jerk(): number {
    return Math.abs(this.a - this.prevA);
  }

  /** Road roughness here (1 = the RD613; off route too). */
  roughness(): number {
    const geo = this.route?.geo;
    return geo ? geo.roughness[cellOf(geo, this.s)] : 1;
  }

  takeShock(): number {
    const shock = this.shock;
    this.shock = 1;
    return shock;
  }

  powertrain(hvacKw: number): PowertrainOutput {
    const geo = this.route?.geo;
    const grade = geo ? geo.grade[cellOf(geo, this.s)] : 0;
    return powertrainStep(this.o.spec, {
      speedMs: this.v,
      accelMs2: this.a,
      gradeRad: Math.atan(grade),
      massKg: this.o.massKg(),
      hvacKw,
      engineOn: this.engineOn,
    });
  }

  /** Drives to `targetDist` along the route, through lights and roundabouts; stops there if `stop`. */
  *driveTo(clock: DrivingClock, targetDist: number, stop: boolean, peak: boolean, style: number): Generator<void, void, void> {
    const { geo, cursor } = this.route!;
    const traffic = this.o.traffic;
    const cons: Constraint[] = [];
    for (const f of geo.features) {
      if (f.distM <= this.s + 1 || f.distM >= targetDist - 5) continue;
      if (f.kind === 'light') {
        const red = traffic.chance(0.35);
        cons.push({ dist: f.distM, v: red ? 0 : 99, holdS: red ? traffic.int(5, 45) : 0, kind: 'light', done: false });
      } else if (f.kind === 'roundabout') {
        const give = traffic.chance(0.15);
        cons.push({
          dist: f.distM,
          v: give ? 0 : (30 / 3.6) * (1 + 0.1 * traffic.normal()),
          holdS: give ? traffic.int(2, 10) : 0,
          kind: 'roundabout',
          done: false,
        });
      } else {
        cons.push({ dist: f.distM, v: 30 / 3.6, holdS: 0, kind: 'cushion', done: false, shock: 2.2 });
      }
    }
    // Peak traffic towards Montpellier: queues (stop-and-go) near the tram terminus.
    const nearMontpellier = (d: number) => {
      const sab = geo.stops.find((x) => x.stopId === 'CAS-SAB')!.distM;
      return Math.abs(d - sab) < 6000;
    };
    if (peak && nearMontpellier(this.s) && traffic.chance(0.7)) {
      const at = this.s + (targetDist - this.s) * traffic.uniform(0.3, 0.8);
      cons.push({ dist: at, v: 0, holdS: traffic.int(20, 90), kind: 'queue', done: false });
    }
    // Sometimes a car pulls out: an emergency stop (harsh brake).
    if (traffic.chance(0.012)) {
      cons.push({ dist: this.s + (targetDist - this.s) * 0.5, v: 0, holdS: 3, kind: 'emergency', done: false });
    }
    cons.sort((x, y) => x.dist - y.dist);
    cons.push({ dist: targetDist, v: stop ? 0 : 99, holdS: 0, kind: 'stop', done: false });
    const congestion = peak && nearMontpellier(this.s) ? 0.6 : 1;
    const comfortDecel = 1.0 * style;
    const launch = traffic.chance(0.03) ? 1.7 : 1.0 * style; // an occasional brisk launch

    for (let guard = 0; guard < 4 * 3600; guard++) {
      const next = cons.find((c) => !c.done)!;
      const cell = cellOf(geo, this.s);
      const grade = geo.grade[cell];
      const vLim = geo.limitMs[cell] * congestion;
      const mass = this.o.massKg();
      // Deceleration needed to meet each constraint ahead.
      let aReq = 0;
      let emergency = false;
      for (const c of cons) {
        if (c.done) continue;
        const d = c.dist - this.s;
        if (d > 400) break;
        if (this.v > c.v) {
          const need = (this.v * this.v - c.v * c.v) / (2 * Math.max(0.5, d - 1));
          if (need > aReq) {
            aReq = need;
            emergency = c.kind === 'emergency';
          }
        }
      }
      let a: number;
      if (emergency && aReq > 0.3) a = -Math.min(4.5, Math.max(3.2, aReq));
      else if (aReq > comfortDecel * 0.85) a = -Math.min(3.5, aReq);
      else if (this.v > vLim + 0.3) a = -Math.min(comfortDecel, this.v - vLim);
      else
        a = Math.max(
          0,
          Math.min(maxAccelMs2(this.o.spec, this.v, grade, mass) * (launch > 1.2 && this.v < 8 ? 1.5 : 1), launch, vLim - this.v),
        );
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
          if (lateral > HARSH_CORNER) this.o.onHarsh('harsh_corner', lateral);
        }
      }
      const passedTarget = cons[cons.length - 1].done; // a stop nobody needed: driven past
      if (a < -HARSH_BRAKE) this.o.onHarsh('harsh_brake', -a);
      if (a > HARSH_ACCEL) this.o.onHarsh('harsh_accel', a);
      yield* clock.second();
      if (next.v === 0 && this.v === 0 && Math.abs(next.dist - this.s) < 0.5) {
        next.done = true;
        if (next.kind === 'stop') return;
        yield* clock.stand(next.holdS);
      }
      if (passedTarget) return;
    }
  }
}
