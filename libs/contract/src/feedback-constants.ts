/**
 * Constants of the passenger-rating and driver-questionnaire API, without zod, so that the browser
 * pages (apps/web) can import them without bundling the schema library.
 */

export const RATING_LANGUAGES = ['fr', 'en', 'oc', 'ca'] as const;
export type RatingLanguage = (typeof RATING_LANGUAGES)[number];

/** The four optional follow-ups of the tablet, in the order the tablet asks them. */
export const RATING_FOLLOW_UPS = ['smoothness', 'temperature', 'noise', 'seat'] as const;
export type RatingFollowUp = (typeof RATING_FOLLOW_UPS)[number];

/** The questionnaire's 1..5 items, in the order the driver page shows them. */
export const DRIVER_ITEMS = [
  'seat',
  'drivingPosition',
  'cabNoise',
  'vibration',
  'gearbox',
  'acceleration',
  'braking',
  'cabTemperature',
  'visibility',
  'overall',
] as const;
export type DriverItem = (typeof DRIVER_ITEMS)[number];

export const COMMENT_MAX_CHARS = 500;
export const RATING_BATCH_MAX = 100;
/** Highest per-device answer sequence (int4 in the database). */
export const DEVICE_SEQ_MAX = 2_147_483_647;
/**
 * Minimum interval between two answers of the same tablet, judged on the tablet's own clock
 * (`answeredAt`), never on the server's: the simulator replays 2018 faster than real time, so a
 * wall-clock rule would refuse its legitimate traffic. The page enforces it too.
 */
export const TABLET_MIN_INTERVAL_MS = 5_000;

export const FEEDBACK_PATHS = {
  ratings: '/api/v1/ratings',
  ratingsBatch: '/api/v1/ratings/batch',
  driverQuestionnaires: '/api/v1/driver-questionnaires',
} as const;

export type { ApiError, FieldError } from './errors';
// Types only (erased from the pages' bundles): the schemas are in feedback.ts.
export type { BatchItemResult, BatchResult, SubmissionResult, SubmissionStatus } from './feedback';

/**
 * Strips control characters (C0 except tab/newline, DEL, C1) and the bidi overrides that can
 * disguise text, trims, and turns an empty result into undefined. The comment is then stored as
 * plain text: whoever shows it must escape it (the pages use textContent, never innerHTML).
 */
export function sanitizeComment(raw: string | undefined | null): string | undefined {
  if (raw == null) return undefined;
  const cleaned = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned.length > 0 ? cleaned : undefined;
}
