/** Vehicles and their time series (GET /api/v1/vehicles, /vehicles/{id}/series, /refuels). Types from libs/contract. */
import type { Refuel, Series, SeriesField, VehicleState } from './contract';
import { get } from './http';

export type { Refuel, Series, VehicleState };
export type { SeriesPoint } from './contract';

export const vehicles = (): Promise<VehicleState[]> => get('vehicles');

export const vehicleSeries = (
  vehicleId: string,
  fromTs: string,
  toTs: string,
  fields: readonly SeriesField[],
  maxPoints: number,
  signal?: AbortSignal,
): Promise<Series> =>
  get(`vehicles/${encodeURIComponent(vehicleId)}/series`, { fromTs, toTs, fields: fields.join(','), maxPoints }, signal);

export const seriesPath = (vehicleId: string): string => `vehicles/${encodeURIComponent(vehicleId)}/series`;

export const refuels = (q: { from: string; to: string; vehicleId?: string }): Promise<Refuel[]> => get('refuels', q);
