/**
 * What the analytics need from libs/data, in the shapes libs/domain takes: the trips running on a
 * service day and the termini of the vehicle's line (its GTFS, built once: the feed is static), and the
 * vehicles' tanks with their sourced volume, pressures and temperature (docs/sources.md#tank-volume,
 * #tank-nominal, #tank-residual). No figure of a vehicle is written here.
 */
import { cngTankOf, dieselTankOf, lineById, serviceOn, tripsOf } from '@app/data';
import { usableGasMassKg, type GtfsTripRef, type Terminus } from '@app/domain';

/** The trips of the vehicle's line (vehicle.line_id) on a service day: its trips are matched against these only. */
export function gtfsTripsOn(date: string, lineId: string): GtfsTripRef[] {
  const service = serviceOn(date);
  if (!service) return [];
  return tripsOf(lineById(lineId).id)
    .filter((t) => t.service === service)
    .map((t) => ({
      tripId: t.tripId,
      direction: t.direction,
      stopTimes: t.stopTimes.map((s) => ({ stopId: s.stopId, departureS: s.departureS })),
    }));
}

export function lineTermini(lineId: string): Terminus[] {
  const line = lineById(lineId);
  const ends = new Map<string, 0 | 1>();
  for (const p of Object.values(line.patterns)) {
    ends.set(p.stopIds[0], 0);
    ends.set(p.stopIds[p.stopIds.length - 1], 1);
  }
  return [...ends].map(([stopId, direction]) => {
    const s = line.stopById(stopId);
    return { stopId, lat: s.lat, lon: s.lon, direction };
  });
}

/** Tank water volume of a CNG vehicle (libs/data; a vehicle outside the trial's two: GNV-01's). */
export function tankVolumeL(vehicleId: string): number {
  return cngTankOf(vehicleId).waterVolumeL.value;
}

/** Tank capacity of a diesel vehicle (what its gauge's 100 % holds); others get the reference coach's. */
export function dieselTankCapacityL(vehicleId: string): number {
  return dieselTankOf(vehicleId).capacityL.value;
}

/** Gas the engine can still draw from a CNG tank at this pressure and temperature: the mass above the tank's residual pressure, kg. */
export function usableGasLeftKg(vehicleId: string, pressureBar: number, tempC: number): number {
  const tank = cngTankOf(vehicleId);
  return usableGasMassKg(pressureBar, tempC, tank.waterVolumeL.value, tank.residualPressureBar.value);
}

/** Usable fuel of a full tank: the usable gas of a fill at nominal pressure and temperature, or the diesel tank's capacity. */
export function usableFullTank(vehicleId: string, fuelType: 'cng' | 'diesel'): number {
  if (fuelType === 'diesel') return dieselTankCapacityL(vehicleId);
  const tank = cngTankOf(vehicleId);
  return usableGasLeftKg(vehicleId, tank.nominalPressureBar.value, tank.nominalTempC.value);
}

/** What turns a vehicle's tank readings into its content: the CNG water volume, the diesel capacity. */
export interface TankGeometry {
  waterVolumeL: number;
  dieselCapacityL: number;
}

export function tankGeometry(vehicleId: string): TankGeometry {
  return { waterVolumeL: tankVolumeL(vehicleId), dieselCapacityL: dieselTankCapacityL(vehicleId) };
}
