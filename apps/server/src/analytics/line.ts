/**
 * What the analytics need from the line's GTFS (libs/data): the trips running on a service day
 * and the termini, in the shapes libs/domain takes. Built once (the feed is static).
 */
import { buildTrips, PATTERNS, serviceOn, stopById, VEHICLES } from '@app/data';
import { NOMINAL_TANK, type GtfsTripRef, type Terminus } from '@app/domain';

let trips: ReturnType<typeof buildTrips> | null = null;

export function gtfsTripsOn(date: string): GtfsTripRef[] {
  const service = serviceOn(date);
  if (!service) return [];
  trips ??= buildTrips();
  return trips
    .filter((t) => t.service === service)
    .map((t) => ({ tripId: t.tripId, direction: t.direction, stopTimes: t.stopTimes.map((s) => ({ stopId: s.stopId, departureS: s.departureS })) }));
}

export function lineTermini(): Terminus[] {
  const ends = new Map<string, 0 | 1>();
  for (const p of Object.values(PATTERNS)) {
    ends.set(p.stopIds[0], 0);
    ends.set(p.stopIds[p.stopIds.length - 1], 1);
  }
  return [...ends].map(([stopId, direction]) => {
    const s = stopById(stopId);
    return { stopId, lat: s.lat, lon: s.lon, direction };
  });
}

const specOf = (vehicleId: string) => (VEHICLES as Record<string, (typeof VEHICLES)['GNV-01'] | undefined>)[vehicleId];

/** Tank water volume of a CNG vehicle; vehicles outside the trial's two get the nominal tank. */
export function tankVolumeL(vehicleId: string): number {
  const spec = specOf(vehicleId);
  return spec?.tank.kind === 'cng' ? spec.tank.waterVolumeL.value : NOMINAL_TANK.waterVolumeL;
}

/** Tank capacity of a diesel vehicle (what its gauge's 100 % holds); others get the reference coach's. */
export function dieselTankCapacityL(vehicleId: string): number {
  const spec = specOf(vehicleId);
  const reference = VEHICLES['DSL-01'].tank;
  return spec?.tank.kind === 'diesel' ? spec.tank.capacityL.value : reference.kind === 'diesel' ? reference.capacityL.value : NaN;
}

/** What turns a vehicle's tank readings into its content: the CNG water volume, the diesel capacity. */
export interface TankGeometry { waterVolumeL: number; dieselCapacityL: number }

export function tankGeometry(vehicleId: string): TankGeometry {
  return { waterVolumeL: tankVolumeL(vehicleId), dieselCapacityL: dieselTankCapacityL(vehicleId) };
}
