/**
 * The validation boundary of docs/contract.md §7 (malformed input): raw bytes from a topic in, either a
 * typed message or a precise reason out. Never throws, so one bad message cannot stop the stream.
 */
import { z } from 'zod';
import { compiledCheck } from './compiled-schemas';
import { MAX_FUTURE_SKEW_MS, MAX_PAYLOAD_BYTES, parseTopic, type Stream } from './topics';
import {
  eventSchema,
  statusSchema,
  telemetrySchema,
  vibrationWindowSchema,
  type Telemetry,
  type TelemetryEvent,
  type VehicleStatus,
  type VibrationWindow,
} from './payloads';

export type ValidMessage =
  | { stream: 'telemetry'; vehicleId: string; seq: number; payload: Telemetry }
  | { stream: 'event'; vehicleId: string; seq: number; payload: TelemetryEvent }
  | { stream: 'vibration'; vehicleId: string; seq: number; payload: VibrationWindow }
  | { stream: 'status'; vehicleId: string; seq: null; payload: VehicleStatus };

/** Machine-readable rejection codes, stored with every dead letter (the table of docs/contract.md §7). */
export type RejectCode =
  | 'bad_topic'
  | 'too_large'
  | 'bad_json'
  | 'schema'
  | 'vehicle_mismatch'
  | 'unknown_vehicle'
  | 'future_ts'
  | 'not_accepted'
  /** Valid by the contract but refused by the database (kept, never dropped). */
  | 'storage';

export interface Rejection {
  ok: false;
  code: RejectCode;
  reason: string;
  /** What could still be read, so that the Ack watermark can advance past a bad message. */
  vehicleId: string | null;
  stream: Stream | 'status' | null;
  seq: number | null;
  /** The payload's `ts` when it could be read, so a rejection is counted on the day it belongs to. */
  ts: string | null;
}

export type ValidationResult = ({ ok: true } & ValidMessage) | Rejection;

export interface ValidateOptions {
  /** Server time in ms (injected so that replays and tests do not depend on the wall clock). */
  nowMs: number;
  /** Known vehicles; a message from any other is rejected. */
  isKnownVehicle: (vehicleId: string) => boolean;
}

const schemas = {
  telemetry: telemetrySchema,
  event: eventSchema,
  vibration: vibrationWindowSchema,
  status: statusSchema,
} as const;

/**
 * The same schemas as fast checks: a payload they pass is used as parsed, zod is asked only about the
 * others. Not the vibration window: its equal-length rule is a zod refinement JSON Schema cannot
 * express (and windows are rare: one every 3 min of service).
 */
const fastChecks: Partial<Record<keyof typeof schemas, (value: unknown) => boolean>> = {
  telemetry: compiledCheck(telemetrySchema),
  event: compiledCheck(eventSchema),
  status: compiledCheck(statusSchema),
};

/** First issue of a zod error as `path: message`, e.g. `fuel.tankPressureBar: Too big: expected number to be <=260`. */
function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  return `${path}: ${issue.message}${more}`;
}

function readableSeq(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const seq = (value as { seq?: unknown }).seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}

/** Reasons quote the payload; PostgreSQL text cannot hold NUL, and logs should not hold control characters. */
function printable(reason: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return reason.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function readableTs(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const ts = (value as { ts?: unknown }).ts;
  return typeof ts === 'string' && !Number.isNaN(Date.parse(ts)) ? new Date(ts).toISOString() : null;
}

export function validateMessage(topic: string, payload: Uint8Array | string, options: ValidateOptions): ValidationResult {
  const parsedTopic = parseTopic(topic);
  if (typeof parsedTopic === 'string') {
    return { ok: false, code: 'bad_topic', reason: parsedTopic, vehicleId: null, stream: null, seq: null, ts: null };
  }
  const { vehicleId, kind } = parsedTopic;
  if (kind === 'ack') {
    return {
      ok: false,
      code: 'not_accepted',
      reason: 'ack is published by the server, not accepted from units',
      vehicleId,
      stream: null,
      seq: null,
      ts: null,
    };
  }
  let json: unknown;
  const reject = (code: RejectCode, reason: string, seq: number | null = null): Rejection => ({
    ok: false,
    code,
    reason: printable(reason),
    vehicleId,
    stream: kind,
    seq,
    ts: readableTs(json),
  });

  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) return reject('too_large', `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`);

  try {
    json = JSON.parse(
      typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
  } catch (error) {
    return reject('bad_json', `invalid JSON: ${(error as Error).message}`);
  }
  const seq = kind === 'status' ? null : readableSeq(json);

  if (!options.isKnownVehicle(vehicleId)) return reject('unknown_vehicle', `vehicle "${vehicleId}" is not registered for the trial`, seq);

  let value: { vehicleId?: string; ts: string };
  if (fastChecks[kind]?.(json)) value = json as typeof value;
  else {
    const result = schemas[kind].safeParse(json);
    if (!result.success) return reject('schema', describeZodError(result.error), seq);
    value = result.data as typeof value;
  }

  if (kind !== 'status' && value.vehicleId !== vehicleId) {
    return reject('vehicle_mismatch', `payload vehicleId "${value.vehicleId}" differs from topic vehicleId "${vehicleId}"`, seq);
  }
  const tsMs = Date.parse(value.ts);
  if (tsMs - options.nowMs > MAX_FUTURE_SKEW_MS) {
    return reject(
      'future_ts',
      `ts ${value.ts} is ${Math.round((tsMs - options.nowMs) / 1000)} s ahead of server time (max ${MAX_FUTURE_SKEW_MS / 1000} s)`,
      seq,
    );
  }
  if (kind === 'status') return { ok: true, stream: 'status', vehicleId, seq: null, payload: value as VehicleStatus };
  return { ok: true, stream: kind, vehicleId, seq: seq as number, payload: value } as { ok: true } & ValidMessage;
}
