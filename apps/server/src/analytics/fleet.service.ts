/**
 * Fuel range (autonomie) and the vehicles' current state: tank mass now, remaining range with
 * its interval from recent trips, refuels, kilometres per tank and days of service per tank.
 */
import { Injectable } from '@nestjs/common';
import { REFUEL_STATUSES, type FuelRange, type PeriodListQuery, type Refuel, type VehicleState } from '@app/contract';
import { daysPerTank, dieselLitresFromGauge, kmBetweenRefuels, mean, remainingRange, tankGasMassKg, usableGasMassKg } from '@app/domain';
import { AnalyticsRepository } from './analytics.repository';
import { usableFullTank } from './comparison.service';
import { dieselTankCapacityL, tankVolumeL } from './line';

@Injectable()
export class FleetService {
  constructor(private readonly repository: AnalyticsRepository) {}

  async vehicles(): Promise<VehicleState[]> {
    const vehicles = await this.repository.vehicles();
    const out: VehicleState[] = [];
    for (const v of vehicles) {
      const s = await this.repository.latestSample(v.id);
      let latest: VehicleState['latest'] = null;
      if (s) {
        const cng = v.fuel_type === 'cng' && s.tank_pressure_bar !== null && s.tank_temp_c !== null;
        const vol = tankVolumeL(v.id);
        const fuelLeft = cng
          ? tankGasMassKg(s.tank_pressure_bar!, s.tank_temp_c!, vol)
          : dieselLitresFromGauge(s.fuel_level_pct, dieselTankCapacityL(v.id));
        const usableLeft = cng ? usableGasMassKg(s.tank_pressure_bar!, s.tank_temp_c!, vol, 15) : fuelLeft;
        const recent = await this.repository.recentTrips(v.id, 20);
        latest = {
          ts: s.ts.toISOString(),
          lat: s.lat,
          lon: s.lon,
          speedKmh: s.speed_kmh,
          odometerKm: s.odometer_km,
          tankPressureBar: s.tank_pressure_bar,
          tankTempC: s.tank_temp_c,
          levelPct: s.fuel_level_pct,
          fuelLeft,
          usableLeft,
          range: remainingRange(
            usableLeft,
            recent.map((t) => (t.fuel_used / t.distance_km) * 100),
          ),
        };
      }
      out.push({
        id: v.id,
        label: v.label,
        fuelType: v.fuel_type,
        isReference: v.is_reference,
        trialRole: v.trial_role,
        online: v.online,
        lastSeenAt: v.last_seen_at?.toISOString() ?? null,
        latest,
      });
    }
    return out;
  }

  /**
   * Refuels in the fuel's unit (kg of gas, L of diesel). The tank before and after the fill is the
   * gas mass for CNG (massBeforeKg/massAfterKg) and the gauge's volume for diesel (litresBefore/litresAfter).
   */
  async refuels(q: Omit<PeriodListQuery, 'format'>): Promise<Refuel[]> {
    const rows = await this.repository.refuels(q);
    const fuelOf = new Map((await this.repository.vehicles()).map((v) => [v.id, v.fuel_type]));
    return rows.map((r) => {
      const diesel = fuelOf.get(r.vehicle_id) === 'diesel';
      return {
        vehicleId: r.vehicle_id,
        ts: r.ts.toISOString(),
        serviceDate: r.service_date,
        status: r.status,
        unit: diesel ? 'L' : 'kg',
        amount: r.amount,
        detectedAmount: r.detected_amount,
        keyedAmount: r.keyed_amount,
        massBeforeKg: diesel ? null : r.mass_before,
        massAfterKg: diesel ? null : r.mass_after,
        litresBefore: diesel ? r.mass_before : null,
        litresAfter: diesel ? r.mass_after : null,
        stationId: r.station_id,
        odometerKm: r.odometer_km,
      };
    });
  }

  /** Per vehicle: refuels, km achieved per tank, days of service per tank on this line. */
  async fuelRange(q: Omit<PeriodListQuery, 'format'>): Promise<FuelRange[]> {
    const refuels = await this.repository.refuels(q);
    const days = await this.repository.days(q);
    const vehicles = await this.repository.vehicles();
    return vehicles
      .filter((v) => !q.vehicleId || v.id === q.vehicleId)
      .map((v) => {
        // A pump entry with no rise in the tank (gas mass or diesel gauge) is not counted (false entry).
        const mine = refuels.filter((r) => r.vehicle_id === v.id && r.status !== 'not_detected');
        const km = kmBetweenRefuels(mine.map((r) => r.odometer_km).filter((x): x is number => x !== null));
        const daily = days.filter((d) => d.vehicle_id === v.id).map((d) => d.sums.fuelUsed);
        const full = usableFullTank(v.id, v.fuel_type);
        return {
          vehicleId: v.id,
          fuelType: v.fuel_type,
          unit: v.fuel_type === 'cng' ? 'kg' : 'L',
          usableFullTank: full,
          refuels: mine.length,
          refuelled: mine.reduce((s, r) => s + r.amount, 0),
          refuelsByStatus: Object.fromEntries(
            REFUEL_STATUSES.map((st) => [st, refuels.filter((r) => r.vehicle_id === v.id && r.status === st).length]),
          ) as FuelRange['refuelsByStatus'],
          kmPerTank: { values: km, mean: km.length ? mean(km) : null },
          daysPerTank: daysPerTank(full, daily),
        };
      });
  }
}
