/**
 * Payload schemas of docs/contract.md v1 (§3–§6). Field names and units are fixed by the contract; every
 * object is strict (anything not listed is rejected) and every range is the one a real sensor
 * cannot leave. Types are inferred from the schemas so that simulator, server and web share them.
 */
import { z } from 'zod';
import { VEHICLE_ID_PATTERN } from './topics';

/** Hérault's bounding box widened by 1° on each side (docs/contract.md §3: "inside the Hérault bounding box ±1°"). */
export const HERAULT_BBOX = { minLat: 42.2, maxLat: 44.98, minLon: 1.54, maxLon: 5.19 } as const;

const isoUtc = z.iso.datetime({ offset: false, precision: undefined });
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const pct = z.number().min(0).max(100);
const noise = z.number().min(20).max(130);
const aw = z.number().min(0).max(20);
const cabinTemp = z.number().min(-30).max(60);
/** An identifier typed by a person or a device: no control characters (PostgreSQL text and jsonb refuse NUL). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_FREE = /^[^\u0000-\u001f\u007f]*$/;
const label = (max: number) => z.string().min(1).max(max).regex(CONTROL_FREE, 'must not contain control characters');

const header = {
  v: z.literal(1),
  vehicleId: z.string().regex(VEHICLE_ID_PATTERN),
  seq,
  ts: isoUtc,
};

export const positionSchema = z.strictObject({
  lat: z.number().min(HERAULT_BBOX.minLat).max(HERAULT_BBOX.maxLat),
  lon: z.number().min(HERAULT_BBOX.minLon).max(HERAULT_BBOX.maxLon),
  headingDeg: z.number().min(0).max(360),
  fix: z.boolean(),
});

export const cngFuelSchema = z.strictObject({
  type: z.literal('cng'),
  tankPressureBar: z.number().min(0).max(260),
  tankTempC: z.number().min(-30).max(85),
  totalUsedKg: z.number().min(0),
  levelPct: pct,
});

export const dieselFuelSchema = z.strictObject({
  type: z.literal('diesel'),
  totalUsedL: z.number().min(0),
  levelPct: pct,
});

export const fuelSchema = z.discriminatedUnion('type', [cngFuelSchema, dieselFuelSchema]);

const triAxial = z.strictObject({ awx: aw, awy: aw, awz: aw });

export const telemetrySchema = z.strictObject({
  ...header,
  pos: positionSchema.optional(),
  speedKmh: z.number().min(0).max(140),
  odometerKm: z.number().min(0),
  engineRpm: z.number().min(0).max(4000),
  engineLoadPct: pct,
  acceleratorPct: pct,
  brakePressed: z.boolean(),
  doorsOpen: z.boolean(),
  passengers: z.number().int().min(0).max(90),
  fuel: fuelSchema,
  cabin: z.strictObject({
    tempC: cabinTemp,
    humidityPct: pct,
    co2Ppm: z.number().min(300).max(10000),
    noiseDbA: noise,
  }),
  driver: z.strictObject({ noiseDbA: noise, cabTempC: cabinTemp }),
  ambientTempC: z.number().min(-30).max(60),
  hvacOn: z.boolean(),
  vibration: z.strictObject({ driverSeat: triAxial, floor: triAxial }),
});

const empty = z.strictObject({});
const eventHeader = { ...header };
const stopData = z.strictObject({
  stopId: label(64),
  boarded: z.number().int().min(0).max(90).optional(),
  alighted: z.number().int().min(0).max(90).optional(),
});
const harshData = z.strictObject({ peakMs2: z.number().min(0).max(50) });

export const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...eventHeader, type: z.literal('ignition_on'), data: empty }),
  z.strictObject({ ...eventHeader, type: z.literal('ignition_off'), data: empty }),
  z.strictObject({
    ...eventHeader,
    type: z.literal('trip_start'),
    data: z.strictObject({
      tripId: label(64),
      direction: z.union([z.literal(0), z.literal(1)]),
      driverId: label(32),
    }),
  }),
  z.strictObject({ ...eventHeader, type: z.literal('trip_end'), data: z.strictObject({ tripId: label(64) }) }),
  z.strictObject({ ...eventHeader, type: z.literal('stop_arrival'), data: stopData }),
  z.strictObject({ ...eventHeader, type: z.literal('stop_departure'), data: stopData }),
  z.strictObject({
    ...eventHeader,
    type: z.literal('refuel'),
    data: z.strictObject({
      stationId: label(64),
      addedKg: z.number().min(0).max(1000).optional(),
      addedL: z.number().min(0).max(2000).optional(),
    }),
  }),
  z.strictObject({ ...eventHeader, type: z.literal('harsh_brake'), data: harshData }),
  z.strictObject({ ...eventHeader, type: z.literal('harsh_accel'), data: harshData }),
  z.strictObject({ ...eventHeader, type: z.literal('harsh_corner'), data: harshData }),
  z.strictObject({ ...eventHeader, type: z.literal('gnss_lost'), data: empty }),
  z.strictObject({ ...eventHeader, type: z.literal('gnss_fixed'), data: empty }),
]);

export const EVENT_TYPES = [
  'ignition_on',
  'ignition_off',
  'trip_start',
  'trip_end',
  'stop_arrival',
  'stop_departure',
  'refuel',
  'harsh_brake',
  'harsh_accel',
  'harsh_corner',
  'gnss_lost',
  'gnss_fixed',
] as const;

const samples = z.array(z.number().min(-200).max(200)).min(256).max(8192);

export const vibrationWindowSchema = z
  .strictObject({
    ...header,
    location: z.enum(['driverSeat', 'floor']),
    sampleRateHz: z.number().int().min(64).max(8192),
    unit: z.literal('m/s2'),
    x: samples,
    y: samples,
    z: samples,
  })
  .refine((w) => w.x.length === w.y.length && w.y.length === w.z.length, {
    message: 'x, y and z must have equal length',
    path: ['x'],
  });

export const statusSchema = z.strictObject({
  online: z.boolean(),
  ts: isoUtc,
  firmware: label(64).optional(),
});

export const ackSchema = z.strictObject({
  ts: isoUtc,
  telemetry: z.number().int().min(-1),
  event: z.number().int().min(-1),
  vibration: z.number().int().min(-1),
});

export type Position = z.infer<typeof positionSchema>;
export type CngFuel = z.infer<typeof cngFuelSchema>;
export type DieselFuel = z.infer<typeof dieselFuelSchema>;
export type Telemetry = z.infer<typeof telemetrySchema>;
export type TelemetryEvent = z.infer<typeof eventSchema>;
export type EventType = TelemetryEvent['type'];
export type VibrationWindow = z.infer<typeof vibrationWindowSchema>;
export type VehicleStatus = z.infer<typeof statusSchema>;
export type Ack = z.infer<typeof ackSchema>;
