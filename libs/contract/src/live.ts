/**
 * The live stream (`GET /api/v1/live`, server-sent events): what the server has just committed,
 * pushed to the dashboard. Each SSE event's `event:` is the message's `kind` and its `data:` the
 * message as JSON. Messages are compact (they also cross processes in a PostgreSQL NOTIFY of at
 * most 8,000 bytes): the latest sample of each vehicle per ingest batch, reduced to what a live
 * page shows; anything else is read from the REST API. Types only, so that pages can import it.
 */
import type { AlertRecord } from './alerts';
import type { EventType } from './payloads';

export const LIVE_PATH = '/api/v1/live';

/** The latest sample of a vehicle, as a live page shows it. */
export interface LiveTelemetry {
  seq: number;
  ts: string;
  lat: number | null;
  lon: number | null;
  headingDeg: number | null;
  speedKmh: number;
  odometerKm: number;
  passengers: number;
  doorsOpen: boolean;
  fuel: {
    type: 'cng' | 'diesel';
    levelPct: number;
    /** CNG only. */
    tankPressureBar: number | null;
    tankTempC: number | null;
    /** Gas in the tank from pressure and temperature with the real-gas Z (CNG only). */
    tankMassKg: number | null;
    /** The unit's fuel counter: kg of gas or L of diesel. */
    totalUsed: number;
  };
  cabin: { tempC: number; humidityPct: number; co2Ppm: number; noiseDbA: number };
  driverNoiseDbA: number;
  ambientTempC: number;
  /** ISO 2631-1 total vibration value (k = 1, comfort) of the last second, m/s². */
  floorAv: number;
  seatAv: number;
}

export type LiveMessage =
  | { kind: 'telemetry'; vehicleId: string; sample: LiveTelemetry }
  | { kind: 'event'; vehicleId: string; event: { seq: number; ts: string; type: EventType; data: Record<string, unknown> } }
  | { kind: 'status'; vehicleId: string; online: boolean; ts: string }
  /**
   * An alert opened, changed state or severity, was acknowledged or escalated. `openCount`: open
   * alerts not silenced, fleet-wide, right after the change (the header's count). Silenced alerts
   * are not notified. Delivered whatever the stream's `vehicleId` filter.
   */
  | { kind: 'alert'; vehicleId: string | null; change: AlertChange; alert: AlertRecord; openCount: number }
  /** This process's link to the other processes was cut and is back: messages may have been missed, re-read the state. */
  | { kind: 'resync'; vehicleId: null; reason: string };

export type LiveKind = LiveMessage['kind'];

export const ALERT_CHANGES = [
  'firing',
  'refiring',
  'severity',
  'recovering',
  'resolved',
  'acknowledged',
  'escalated',
  'silenced',
  'unsilenced',
] as const;
export type AlertChange = (typeof ALERT_CHANGES)[number];
