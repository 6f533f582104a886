/**
 * A coach's service day, as the timetable scripts it: the block's trips in order, the layovers
 * (engine off when long), the driver relief mid-day, each trip stop by stop (who alights, who
 * boards, the dwell, early coaches holding), and the refuel at night when it is due.
 */
import {
  blockIdsOf,
  isPeak,
  LOCAL_UTC_OFFSET_S,
  serviceDates,
  serviceOn,
  stopOfAnyLine,
  TRIAL_PERIOD,
  tripsOf,
  type LineId,
  type Trip,
} from '@app/data';
import { shiftDrivers } from '../people/drivers';
import type { Coach, Seconds } from './coach';
import type { Refuelling } from './refuelling';

/** One service date of the run, with its index in the whole trial (it rotates blocks and drivers). */
export interface RunDate {
  date: string;
  serviceDayIndex: number;
}

/** The service dates of a run (from–to inclusive), numbered within the trial (dates outside it count as its first day). */
export function runDates(from: string, to: string): RunDate[] {
  const trial = serviceDates(TRIAL_PERIOD.from, TRIAL_PERIOD.to);
  return serviceDates(from, to).map((date) => ({ date, serviceDayIndex: Math.max(0, trial.indexOf(date)) }));
}

export interface BlockDay {
  date: string;
  serviceDayIndex: number;
  blockIndex: number;
  trips: Trip[];
  /** Local midnight of the date, ms UTC. */
  midnight: number;
}

/**
 * The block a coach runs on a date: the coaches of a line swap its two blocks every service day.
 * `coachIndex` is the coach's index among its line's coaches; in a fleet larger than the blocks,
 * several coaches run one block's trips (a duplicated service, as on busy school runs).
 */
export function blockDay({ date, serviceDayIndex }: RunDate, coachIndex: number, lineId: LineId = '101'): BlockDay {
  const service = serviceOn(date)!;
  const blocks = blockIdsOf(lineId, service);
  const blockIndex = (serviceDayIndex + coachIndex) % blocks.length;
  const trips = tripsOf(lineId).filter((t) => t.blockId === blocks[blockIndex]);
  const midnight = Date.parse(`${date}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000;
  return { date, serviceDayIndex, blockIndex, trips, midnight };
}

/** When the coach's day begins: 20 minutes before its first departure. */
export function dayStartMs(day: BlockDay): number {
  return day.midnight + day.trips[0].stopTimes[0].departureS * 1000 - 20 * 60_000;
}

export function* serviceDay(coach: Coach, refuelling: Refuelling, day: BlockDay): Seconds {
  const { date, trips, midnight } = day;
  const { driving, fuel, truth } = coach;
  truth.openDay(date, trips[0].blockId, driving.odometerM, fuel.totalUsed);
  driving.placeAt(stopOfAnyLine(trips[0].stopTimes[0].stopId));
  const drivers = shiftDrivers(day.serviceDayIndex, day.blockIndex);
  const relief = Math.ceil(trips.length / 2);

  yield* coach.wake();
  coach.event('ignition_on', {});
  driving.engineOn = true;
  for (let k = 0; k < trips.length; k++) {
    const trip = trips[k];
    const dep = midnight + trip.stopTimes[0].departureS * 1000;
    const layoverS = (dep - coach.t) / 1000;
    // Drivers switch the engine off for long layovers (anti-idling rule), not for short ones.
    if (layoverS > 8 * 60) {
      driving.engineOn = false;
      coach.event('ignition_off', {});
      yield* coach.stand(layoverS - 180);
      coach.event('ignition_on', {});
      driving.engineOn = true;
    }
    yield* coach.standUntil(dep - 60_000);
    const driverId = k < relief ? drivers[0] : drivers[1];
    yield* driveTrip(coach, trip, driverId, midnight);
    if (k === relief - 1 || k === trips.length - 1) coach.shifts.endShift(driverId, date, coach.t);
  }
  yield* coach.stand(5 * 60);
  driving.engineOn = false;
  coach.event('ignition_off', {});
  yield* coach.stand(60);
  const deadheadKm = refuelling.due() ? yield* refuelling.refuel(coach) : 0;
  coach.sleep();
  const tank = fuel.tank;
  truth.closeDay(
    driving.odometerM,
    fuel.totalUsed,
    deadheadKm,
    tank ? { massKg: tank.massKg, gasTempC: tank.gasTempC } : { litres: fuel.dieselL },
  );
}

function* driveTrip(coach: Coach, trip: Trip, driverId: string, midnight: number): Seconds {
  const { driving, riders, fuel, truth } = coach;
  const geo = driving.beginRoute(trip);
  truth.openTrip(
    {
      tripId: trip.tripId,
      date: coach.localDate(),
      driverId,
      direction: trip.direction,
      pattern: trip.pattern,
      scheduledDeparture: new Date(midnight + trip.stopTimes[0].departureS * 1000).toISOString(),
    },
    driving.odometerM,
    fuel.totalUsed,
  );
  riders.startTrip();
  const localMin = trip.stopTimes[0].departureS / 60;
  const saturday = trip.service === 'SAM';
  const peak = !saturday && isPeak(localMin);
  const stopIds = geo.stops.map((s) => s.stopId);
  const style = coach.shifts.tripStyle();

  driving.doorsOpen = true;
  yield* coach.stand(40);
  coach.event('trip_start', { tripId: trip.tripId, direction: trip.direction, driverId });
  truth.tripStarted(new Date(coach.t).toISOString());
  // Boarding at the first stop while the doors are open before departure.
  const b0 = riders.boardAtFirstStop(stopIds, trip.direction, localMin, saturday);
  yield* coach.stand(Math.max(5, Math.round(midnight / 1000 + trip.stopTimes[0].departureS - coach.t / 1000)));
  driving.doorsOpen = false;
  coach.event('stop_departure', { stopId: stopIds[0], boarded: b0, alighted: 0 });

  for (let k = 1; k < geo.stops.length; k++) {
    const last = k === geo.stops.length - 1;
    // Will the coach stop here? Someone to drop, or someone waiting (the driver sees them).
    const alighting = riders.alightingAt(k);
    const waiting = riders.waitingAt(stopIds[k], trip.direction, localMin, saturday, last);
    const serve = last || alighting > 0 || waiting > 0;
    yield* driving.driveTo(coach, geo.stops[k].distM, serve, peak, style);
    if (!serve) continue;
    coach.event('stop_arrival', { stopId: stopIds[k] });
    driving.doorsOpen = true;
    const alighted = riders.alight(k, trip.tripId, coach.t);
    const boarded = last ? 0 : riders.board(k, stopIds, waiting);
    // Dwell; an early coach holds at the stop.
    let dwell = riders.dwellS(boarded, alighted);
    const sched = midnight + (trip.stopTimes.find((st) => st.stopId === stopIds[k])?.departureS ?? 0) * 1000;
    if (!last && sched - coach.t > dwell * 1000 + 45_000) dwell = Math.min(180, Math.round((sched - coach.t) / 1000));
    yield* coach.stand(dwell);
    driving.doorsOpen = false;
    if (last) break;
    coach.event('stop_departure', { stopId: stopIds[k], boarded, alighted });
  }
  yield* coach.stand(10);
  driving.doorsOpen = false;
  coach.event('trip_end', { tripId: trip.tripId });
  truth.closeTrip(new Date(coach.t).toISOString(), driving.odometerM, fuel.totalUsed);
  riders.endTrip();
  driving.endRoute();
}
