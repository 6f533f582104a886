/**
 * Completeness: what the server knows is missing without any ground truth (the devices' own
 * answer sequences), and the counts a replay reconciles its ground truth against. Shared by the
 * server (validation, responses), the simulator (the reconciliation) and the dashboard.
 */
import { z } from 'zod';
import { STREAMS, VEHICLE_ID_PATTERN } from './topics';

export const COMPLETENESS_PATHS = {
  devices: '/api/v1/data-quality/devices',
  reconciliation: '/api/v1/data-quality/reconciliation',
} as const;

/** Which feedback stream a device sends: tablet ratings or drivers' questionnaires. */
export const FEEDBACK_KINDS = ['rating', 'questionnaire'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

const vehicleId = z.string().regex(VEHICLE_ID_PATTERN);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const MAX_RECONCILED_DEVICES = 10_000;
const MAX_RECONCILED_STREAMS = 3_000;

/** Body of POST /api/v1/data-quality/reconciliation: what a run sent, to be counted by the server. */
export const reconciliationRequestSchema = z.strictObject({
  since: z.iso.datetime().describe('Wall-clock start of the run (UTC): dead letters received since then are the run’s'),
  from: z.iso.date().describe('First simulated date of the run (its messages’ dates, for the duplicate counters)'),
  to: z.iso.date(),
  streams: z
    .array(
      z
        .strictObject({ vehicleId, stream: z.enum(STREAMS), fromSeq: seq, toSeq: seq })
        .refine((s) => s.fromSeq <= s.toSeq, { message: 'fromSeq must not exceed toSeq', path: ['toSeq'] }),
    )
    .max(MAX_RECONCILED_STREAMS),
  devices: z.array(z.strictObject({ deviceId: z.uuid(), kind: z.enum(FEEDBACK_KINDS) })).max(MAX_RECONCILED_DEVICES),
});
export type ReconciliationRequest = z.infer<typeof reconciliationRequestSchema>;

/** One device's answers as the server has them: received, highest number, the gaps below it. */
export const deviceCompletenessSchema = z
  .strictObject({
    deviceId: z.uuid(),
    kind: z.enum(FEEDBACK_KINDS),
    vehicleId: z.string(),
    received: z.number().int().describe('Distinct answer numbers received'),
    maxSeq: z.number().int(),
    knownMissing: z.number().int().describe('Numbers below maxSeq never received: answers known to be missing'),
    reusedSeqs: z.number().int().describe('Numbers received with two different answers (a faulty page)'),
    receivedByVehicle: z.record(z.string(), z.number().int()).describe('Distinct numbers received per vehicle the answers were about'),
    firstAnsweredAt: z.string(),
    lastAnsweredAt: z.string().describe('Tablet time of the newest answer: a device silent for long may be broken'),
    lastReceivedAt: z.string(),
  })
  .meta({ id: 'DeviceCompleteness' });
export type DeviceCompleteness = z.infer<typeof deviceCompletenessSchema>;

export const streamCountSchema = z
  .strictObject({
    vehicleId: z.string(),
    stream: z.enum(STREAMS),
    fromSeq: z.number().int(),
    toSeq: z.number().int(),
    stored: z.number().int().describe('Distinct seqs of the range stored'),
    deadLetteredSeqs: z.number().int().describe('Seqs of the range not stored but dead-lettered (refused with a reason)'),
    deadLettered: z
      .record(z.string(), z.number().int())
      .describe('Dead letters of this stream since the run started (malformed copies included), by code'),
    duplicates: z.number().int().describe('Copies counted as duplicates over the run’s dates (per seq they are not kept)'),
  })
  .meta({ id: 'StreamCount' });
export type StreamCount = z.infer<typeof streamCountSchema>;

export const reconciliationCountsSchema = z
  .strictObject({
    streams: z.array(streamCountSchema),
    devices: z.array(deviceCompletenessSchema),
  })
  .meta({ id: 'ReconciliationCounts' });
export type ReconciliationCounts = z.infer<typeof reconciliationCountsSchema>;

/** Feedback completeness of one vehicle and day (in the data-quality rows). */
export const feedbackCompletenessSchema = z
  .strictObject({
    received: z.number().int(),
    knownMissing: z.number().int().describe('Gaps in the devices’ answer sequences, counted on the day of the answer that revealed them'),
    unsequenced: z.number().int().describe('Answers from pages without a device sequence: not checkable'),
    devices: z.number().int(),
    lastAnsweredAt: z.string().nullable(),
    lastReceivedAt: z.string().nullable(),
  })
  .meta({ id: 'FeedbackCompleteness' });
export type FeedbackCompleteness = z.infer<typeof feedbackCompletenessSchema>;

export const EMPTY_FEEDBACK_COMPLETENESS: FeedbackCompleteness = {
  received: 0,
  knownMissing: 0,
  unsequenced: 0,
  devices: 0,
  lastAnsweredAt: null,
  lastReceivedAt: null,
};
