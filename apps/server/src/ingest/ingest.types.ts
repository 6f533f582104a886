import type { Rejection, Stream, Telemetry, TelemetryEvent, VehicleStatus, VibrationWindow } from '@app/contract';

/** A message as received, before it is written: payload plus the server's receive time. */
export interface Received<T> {
  payload: T;
  receivedAt: string;
}

export interface DeadLetter {
  topic: string;
  raw: Buffer;
  rejection: Rejection;
  receivedAt: string;
}

export interface StatusUpdate {
  vehicleId: string;
  status: VehicleStatus;
  receivedAt: string;
}

/** Everything one transaction writes. */
export interface IngestBatch {
  telemetry: Received<Telemetry>[];
  events: Received<TelemetryEvent>[];
  vibration: Received<VibrationWindow>[];
  deadLetters: DeadLetter[];
  statuses: StatusUpdate[];
}

export interface StoredKey {
  vehicleId: string;
  stream: Stream;
  seq: number;
}

export interface Watermarks {
  vehicleId: string;
  telemetry: number;
  event: number;
  vibration: number;
}

export interface BatchOutcome {
  inserted: Record<Stream, number>;
  duplicates: Record<Stream, number>;
  rejected: number;
  watermarks: Watermarks[];
}

export const emptyBatch = (): IngestBatch => ({ telemetry: [], events: [], vibration: [], deadLetters: [], statuses: [] });

export const batchSize = (b: IngestBatch): number =>
  b.telemetry.length + b.events.length + b.vibration.length + b.deadLetters.length + b.statuses.length;
