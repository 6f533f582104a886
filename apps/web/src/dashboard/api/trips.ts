/** Trips and KPIs (GET /api/v1/trips, /trips/{vehicleId}/{tripKey}[/series], /kpis). Types from libs/contract. */
import type { GroupBy, KpiGroup, KpisResponse, Scope, Series, SeriesField, TripDetail, TripSummary } from './contract';
import { get } from './http';

export type { KpiGroup, TripDetail, TripSummary };
export type Kpis = KpisResponse;

export interface TripQuery {
  from: string;
  to: string;
  vehicleId?: string;
  direction?: 0 | 1;
  inferred?: boolean;
  limit?: number;
  offset?: number;
}

export const trips = (q: TripQuery): Promise<TripSummary[]> => get('trips', { ...q });
export const tripPath = (vehicleId: string, tripKey: string): string =>
  `trips/${encodeURIComponent(vehicleId)}/${encodeURIComponent(tripKey)}`;
export const trip = (vehicleId: string, tripKey: string): Promise<TripDetail> => get(tripPath(vehicleId, tripKey));
export const tripSeries = (vehicleId: string, tripKey: string, fields: readonly SeriesField[], maxPoints: number): Promise<Series> =>
  get(`${tripPath(vehicleId, tripKey)}/series`, { fields: fields.join(','), maxPoints });
export const kpis = (q: { from: string; to: string; vehicleId?: string; groupBy: GroupBy; scope?: Scope }): Promise<KpiGroup[]> =>
  get('kpis', { ...q });
