/**
 * Vehicles and their time series (GET /api/v1/vehicles, /vehicles/{id}/series, /refuels).
 * Shapes as apps/server/src/analytics/fleet.service.ts and trips.service.ts return them today;
 * swap these interfaces for the libs/contract response types when they land.
 */
import type { SeriesField } from '../../../../../libs/contract/src/analytics';
import { get } from './http';

export interface RangeEstimate {
  km: number;
  lowKm: number;
  highKm: number;
  per100km: number;
  basis: 'spread' | 'assumed_spread' | 'none';
}

export interface VehicleState {
  id: string;
  label: string;
  fuelType: 'cng' | 'diesel';
  isReference: boolean;
  online: boolean;
  lastSeenAt: string | null;
  latest: null | {
    ts: string; lat: number | null; lon: number | null; speedKmh: number; odometerKm: number;
    tankPressureBar: number | null; tankTempC: number | null; levelPct: number;
    fuelLeft: number; usableLeft: number; range: RangeEstimate;
  };
}

export type SeriesPoint = { ts: string; samples: number } & Partial<Record<SeriesField, number | null>>;
export interface Series {
  vehicleId: string;
  from: string;
  to: string;
  bucketSeconds: number;
  fields: SeriesField[];
  points: SeriesPoint[];
}

export interface Refuel {
  vehicleId: string;
  ts: string;
  serviceDate: string;
  status: string;
  unit: 'kg' | 'L';
  amount: number;
  massAfterKg: number | null;
  litresAfter: number | null;
}

export const vehicles = (): Promise<VehicleState[]> => get('vehicles');

export const vehicleSeries = (vehicleId: string, fromTs: string, toTs: string, fields: readonly SeriesField[], maxPoints: number, signal?: AbortSignal): Promise<Series> =>
  get(`vehicles/${encodeURIComponent(vehicleId)}/series`, { fromTs, toTs, fields: fields.join(','), maxPoints }, signal);

export const seriesPath = (vehicleId: string): string => `vehicles/${encodeURIComponent(vehicleId)}/series`;

export const refuels = (q: { from: string; to: string; vehicleId?: string }): Promise<Refuel[]> => get('refuels', q);
