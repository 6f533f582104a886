/**
 * Response schemas of the data-quality endpoints: one row per vehicle and service day, and the
 * server's check of the unit's vibration sensors. The per-device list is completeness.ts's
 * deviceCompletenessSchema. Conventions: response-fields.ts.
 */
import { z } from 'zod';
import { feedbackCompletenessSchema } from './completeness';
import { count, figure, instant, serviceDate } from './response-fields';

export const dataQualityRowSchema = z
  .strictObject({
    vehicleId: z.string(),
    serviceDate: serviceDate(),
    telemetryRolledUp: z
      .boolean()
      .describe('false: answers arrived for a day without rolled-up telemetry (all telemetry figures 0): that absence is a finding'),
    serviceSeconds: z.number().describe('Seconds of trips'),
    receivedServiceSeconds: z.number().describe('Seconds with telemetry inside trips'),
    receivedSeconds: z.number().describe('Seconds with telemetry over the day'),
    coverage: figure('receivedServiceSeconds / serviceSeconds'),
    gaps: count('Gaps in the telemetry'),
    gapSeconds: z.number(),
    maxGapS: z.number(),
    inferredTrips: count(),
    tripsWithoutEnd: count(),
    clockAnomalies: count('Samples whose ts goes backwards or repeats in seq order'),
    fuelCounterResets: count(),
    fuelCounterGlitches: count(),
    sensorChecks: count('Raw vibration windows checked'),
    sensorFlags: count('Of which flagged (server and unit differ beyond the tolerance)'),
    duplicates: count('Messages received twice (not stored twice), UTC day'),
    deadLetters: count('Messages refused (dead-lettered), UTC day'),
    storedTelemetry: count('Telemetry samples stored, UTC day'),
    fuelSource: z
      .enum(['counter', 'tank', 'none'])
      .nullable()
      .describe('Where the day’s consumption comes from: the fuel counter, the tank content, or neither; null without telemetry'),
    fuelDisagreement: z.boolean().nullable().describe('Counter and tank disagree beyond max(3 kg or L, 5 %); null without telemetry'),
    feedback: z.strictObject({ ratings: feedbackCompletenessSchema, questionnaires: feedbackCompletenessSchema }),
  })
  .meta({ id: 'DataQualityRow' });
export type DataQualityRow = z.infer<typeof dataQualityRowSchema>;

export const sensorCheckSchema = z
  .strictObject({
    vehicleId: z.string(),
    seq: z.number().int().describe('seq of the raw vibration window'),
    ts: instant('Start of the window, ISO-8601 UTC'),
    serviceDate: serviceDate(),
    location: z.enum(['driverSeat', 'floor']),
    seconds: count('Seconds of the window compared'),
    serverAwx: z.number().describe('The server’s ISO 2631-1 weighting of the raw window, m/s²'),
    serverAwy: z.number(),
    serverAwz: z.number(),
    unitAwx: z.number().nullable().describe('What the unit reported for the same seconds, m/s²; null when it sent none'),
    unitAwy: z.number().nullable(),
    unitAwz: z.number().nullable(),
    maxRelativeDifference: z.number().nullable().describe('Largest |server − unit| / unit over the axes'),
    flagged: z.boolean().describe('maxRelativeDifference beyond ANALYTICS_SENSOR_TOLERANCE'),
  })
  .meta({ id: 'SensorCheck' });
export type SensorCheckRow = z.infer<typeof sensorCheckSchema>;

export const deadLetterCountSchema = z
  .strictObject({
    code: z.string().describe('Why the messages were refused (schema, range, bad_json, future_ts, …)'),
    n: count('Messages refused with this code, dated by their payload’s ts when readable, else by the UTC day received'),
  })
  .meta({ id: 'DeadLetterCount' });
export type DeadLetterCount = z.infer<typeof deadLetterCountSchema>;
