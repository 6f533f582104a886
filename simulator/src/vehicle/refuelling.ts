/**
 * Refuelling: whether tonight's fill is due, and the drive to the station and the fill itself,
 * with what the attendant keys at the pump (usually right, sometimes missing or wrong).
 */
import { CNG_STATION, DIESEL_STATION } from '@app/data';
import type { Rng } from '../rng';
import type { Coach } from './coach';
import type { FuelStore } from './fuel-store';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export class Refuelling {
  /** `rng`: the coach's own stream (it also draws the GNSS cold starts, in time order). */
  constructor(
    private readonly fuel: FuelStore,
    private readonly rng: Rng,
  ) {}

  /** Enough for a full weekday (13–15 trips × 24 km × ~0.4 kg/km) with margin, else fill tonight. */
  due(): boolean {
    const tank = this.fuel.tank;
    if (tank) return tank.usableMassKg() < 125;
    return this.fuel.dieselL < 0.45 * this.fuel.dieselCapacityL;
  }

  /**
   * To the station and back with the unit asleep (the deadhead is not simulated second by second:
   * its distance and fuel are added at the average rate), then the fill with the unit awake.
   * Returns the deadhead distance, km.
   */
  *refuel(coach: Coach): Generator<void, number, void> {
    const cng = this.fuel.tank !== null;
    const station = cng ? CNG_STATION : DIESEL_STATION;
    const pos = coach.driving.pos;
    const km = 1.3 * Math.hypot((station.lat - pos.lat) * 111, (station.lon - pos.lon) * 80.6) + 1;
    yield* coach.sleepFor(25 * 60);
    coach.driving.deadhead(km, station);
    this.fuel.burn(km * (cng ? 0.3 : 0.28));
    yield* coach.wake();
    coach.event('ignition_on', {});
    yield* coach.stand(6 * 60);
    const date = coach.localDate();
    const added = this.fuel.fill(this.rng.next());
    const roll = this.rng.next();
    const keyedStatus = roll < 0.12 ? 'missing' : roll < 0.2 ? 'wrong' : 'ok';
    let keyed: number | undefined = Math.round(added * 10) / 10;
    if (keyedStatus === 'missing') keyed = undefined;
    if (keyedStatus === 'wrong')
      keyed = this.rng.chance(0.5) ? Math.round(added * 100) / 10 : Math.round(added * this.rng.uniform(0.6, 0.85) * 10) / 10;
    if (keyed !== undefined) keyed = Math.min(cng ? 1000 : 2000, keyed);
    yield* coach.stand(2 * 60);
    coach.event(
      'refuel',
      cng
        ? { stationId: station.id, ...(keyed !== undefined ? { addedKg: keyed } : {}) }
        : { stationId: station.id, ...(keyed !== undefined ? { addedL: keyed } : {}) },
    );
    coach.truth.refuel({
      date,
      ts: new Date(coach.t).toISOString(),
      stationId: station.id,
      ...(cng ? { addedKg: r3(added) } : { addedL: r3(added) }),
      keyed: keyed ?? null,
      keyedStatus,
    });
    yield* coach.stand(5 * 60);
    coach.event('ignition_off', {});
    yield* coach.stand(60);
    return km;
  }
}
