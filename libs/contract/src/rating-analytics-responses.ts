/**
 * Response schemas of the perceived-quality endpoints (/api/v1/analytics/ratings/…): passenger
 * ratings per question, drivers' questionnaires per question, and the conditions measured before
 * each rating. `knownMissing` stands beside every n: answers the devices created but the server
 * never received (their scores are unknown, so they are not in n). Conventions: response-fields.ts.
 */
import { z } from 'zod';
import { DRIVER_ITEMS, RATING_FOLLOW_UPS } from './feedback-constants';
import { count, distribution, figure, instant, proportionSchema } from './response-fields';

/** The tablet's questions: the overall rating and its four follow-ups. */
export const RATING_QUESTIONS = ['overall', ...RATING_FOLLOW_UPS] as const;
/** The conditions joined with each rating (identifiers, like the comparison's metrics). */
export const RATING_CONDITIONS = ['floor_av', 'cabin_noise_leq', 'cabin_temp_c', 'cabin_co2_ppm'] as const;
export type RatingCondition = (typeof RATING_CONDITIONS)[number];
/** The field of a /conditions rating row that holds each condition. */
export const RATING_CONDITION_FIELDS = {
  floor_av: 'floorAv',
  cabin_noise_leq: 'cabinNoiseLeqDbA',
  cabin_temp_c: 'cabinTempC',
  cabin_co2_ppm: 'cabinCo2Ppm',
} as const satisfies Record<RatingCondition, string>;

const knownMissing = count('Answers known to be missing (gaps in the devices’ sequences), not in n');
const withheld = z
  .boolean()
  .describe(
    'Fewer answers than MIN_AGGREGATE_ANSWERS (5) and the caller is not an engineer: mean, share and distribution are withheld (privacy)',
  );

export const ratingSummarySchema = z
  .strictObject({
    vehicleId: z.string(),
    ratings: count('Ratings received'),
    knownMissing,
    unsequenced: count('Ratings from pages without a device sequence (not checkable)'),
    passengersCarried: count('Passengers boarded in the period (day rollups)'),
    responseRate: proportionSchema
      .extend({ overCount: z.boolean().describe('More ratings than passengers (a counting fault): capped at 1') })
      .describe('Ratings / passengers carried, with its Wilson interval'),
    questions: z.array(
      z.strictObject({
        question: z.enum(RATING_QUESTIONS),
        n: count(),
        knownMissing,
        withheld,
        mean: figure('Mean answer (1–5)'),
        csat: proportionSchema.describe('Share of answers 4–5 (top-two-box) with its Wilson 95 % interval'),
        distribution: distribution(),
      }),
    ),
  })
  .meta({ id: 'RatingSummary' });
export type RatingSummary = z.infer<typeof ratingSummarySchema>;

export const driverSummarySchema = z
  .strictObject({
    vehicleId: z.string(),
    questionnaires: count(),
    knownMissing,
    drivers: count('Distinct drivers who answered'),
    questions: z.array(
      z.strictObject({
        question: z.enum(DRIVER_ITEMS).describe('The questionnaire item, named as in the submission'),
        n: count(),
        knownMissing,
        withheld,
        mean: figure('Mean answer (1–5)'),
        topTwoBox: proportionSchema.describe('Share of answers 4–5 with its Wilson 95 % interval'),
        distribution: distribution(),
      }),
    ),
  })
  .meta({ id: 'DriverSummary' });
export type DriverSummary = z.infer<typeof driverSummarySchema>;

const conditionsRow = z.strictObject({
  vehicleId: z.string(),
  answeredAt: instant(),
  overall: z.number().int().min(1).max(5),
  smoothness: z.number().int().nullable(),
  temperature: z.number().int().nullable(),
  noise: z.number().int().nullable(),
  samples: count('Telemetry samples in the window before the rating'),
  floorAv: z.number().nullable().describe('Energy-averaged floor av, m/s²'),
  cabinNoiseLeqDbA: z.number().nullable(),
  cabinTempC: z.number().nullable(),
  cabinCo2Ppm: z.number().nullable(),
});

const groupMean = z.strictObject({ n: count(), mean: figure('Mean of the condition') });

export const ratingConditionsSchema = z
  .strictObject({
    windowMinutes: z.number().describe('The conditions are those of this many minutes before each rating'),
    ratings: z.array(conditionsRow),
    links: z.array(
      z.strictObject({
        condition: z
          .enum(RATING_CONDITIONS)
          .describe('The condition; its value in each rating row is the field RATING_CONDITION_FIELDS names (floor_av → floorAv)'),
        lowRatings: groupMean.describe('Under overall ratings 1–2'),
        highRatings: groupMean.describe('Under overall ratings 4–5'),
        difference: figure('low − high'),
        low: figure('Lower end of the bootstrap interval'),
        high: figure('Upper end of the bootstrap interval'),
        significant: z.boolean(),
        reading: z.string().describe('Stated as a link only when the interval excludes zero'),
      }),
    ),
  })
  .meta({ id: 'RatingConditions' });
export type RatingConditions = z.infer<typeof ratingConditionsSchema>;
