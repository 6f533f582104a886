/**
 * Trips and KPIs (GET /api/v1/trips, /trips/{vehicleId}/{tripKey}[/series], /kpis). Shapes as
 * apps/server/src/analytics/trips.service.ts and kpi.service.ts return them today.
 */
import type { SeriesField } from '../../../../../libs/contract/src/analytics';
import type { Series } from './fleet';
import { get } from './http';

/** The figures of kpisFromSums (libs/domain/src/kpi.ts); NaN arrives as null. */
export interface Kpis {
  trips: number;
  inferredTrips: number;
  durationH: number;
  distanceKm: number;
  coverage: number | null;
  fuel: { unit: 'kg' | 'L'; used: number; per100km: number | null; mjPerKm: number | null; costEurPerKm: number | null; co2TtwKgPerKm: number | null };
  idleShare: number | null;
  meanLoad: number | null;
  passengersBoarded: number;
  punctuality: { stopsScheduled: number; stopsServed: number; meanDelayS: number | null; onTimeShare: number | null };
  driverComfort: { av: number | null; awz: number | null; classShares: Record<string, number | null>; cabNoiseLeqDbA: number | null; harshEvents: number };
  passengerComfort: { av: number | null; awz: number | null; classShares: Record<string, number | null>; cabinNoiseLeqDbA: number | null; cabinTempOkShare: number | null; cabinCo2OkShare: number | null };
}

export interface Trip {
  vehicleId: string;
  tripKey: string;
  serviceDate: string;
  startTs: string;
  endTs: string;
  reportedTripId: string | null;
  gtfsTripId: string | null;
  gtfsMatch: string | null;
  direction: 0 | 1 | null;
  /** Pseudonymous outside the engineer role (access-control rules). */
  driverId: string | null;
  inferred: boolean;
  endInferred: boolean;
  scheduledDepartureTs: string | null;
  distanceKm: number;
  durationMin: number;
  fuelUsed: number;
  kpis: Kpis;
  /** Detail only: delay at each GTFS stop of the trip, s (null where not served). */
  delaysS?: Array<number | null>;
}

export interface TripQuery {
  from: string;
  to: string;
  vehicleId?: string;
  direction?: 0 | 1;
  inferred?: boolean;
  limit?: number;
  offset?: number;
}

export interface KpiRow {
  vehicleId: string;
  fuelType: 'cng' | 'diesel';
  scope: string;
  key: Record<string, string | number | boolean | null>;
  kpis: Kpis;
}

export const trips = (q: TripQuery): Promise<Trip[]> => get('trips', { ...q });
export const tripPath = (vehicleId: string, tripKey: string): string => `trips/${encodeURIComponent(vehicleId)}/${encodeURIComponent(tripKey)}`;
export const trip = (vehicleId: string, tripKey: string): Promise<Trip> => get(tripPath(vehicleId, tripKey));
export const tripSeries = (vehicleId: string, tripKey: string, fields: readonly SeriesField[], maxPoints: number): Promise<Series> =>
  get(`${tripPath(vehicleId, tripKey)}/series`, { fields: fields.join(','), maxPoints });
export const kpis = (q: { from: string; to: string; vehicleId?: string; groupBy: 'trip' | 'day' | 'direction' | 'vehicle'; scope?: 'operation' | 'service' }): Promise<KpiRow[]> =>
  get('kpis', { ...q });
