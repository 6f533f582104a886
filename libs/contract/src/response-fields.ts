/**
 * Building blocks of the HTTP response schemas (analytics-responses.ts and its neighbours).
 *
 * Conventions of every response schema:
 *  - The schema describes the JSON on the wire: a figure the server cannot compute (no data in
 *    the period: NaN, or a division by zero: ±Infinity) is `null` there, so figures are nullable.
 *  - Objects are strict (OpenAPI `additionalProperties: false`): the contract test parses every
 *    endpoint's answer, so a field the server sends but the schema does not list fails a test.
 *  - `.meta({ id })` names a schema: it becomes an OpenAPI component (`#/components/schemas/<id>`).
 *    Only response schemas carry an id.
 */
import { z } from 'zod';

/** A computed figure: null when the period has no data for it. */
export const figure = (description: string) => z.number().nullable().describe(`${description}; null without data`);
/** A whole count. */
export const count = (description?: string) => (description ? z.number().int().min(0).describe(description) : z.number().int().min(0));
/** An instant, ISO-8601 UTC. */
export const instant = (description = 'ISO-8601 UTC') => z.string().describe(description);
/** A service day in Europe/Paris, YYYY-MM-DD. */
export const serviceDate = () => z.string().describe('Service day in Europe/Paris, YYYY-MM-DD');
export const fuelType = () => z.enum(['cng', 'diesel']);
export const fuelUnit = () => z.enum(['kg', 'L']).describe('kg of gas (CNG) or L of diesel');
/** A proportion with its interval; p is null when n = 0. */
export const proportionSchema = z
  .strictObject({
    p: figure('Share'),
    low: z.number().describe('Lower end of the interval'),
    high: z.number().describe('Upper end of the interval'),
  })
  .meta({ id: 'Proportion', description: 'A share with its Wilson interval (the whole [0, 1] without answers)' });
/** Count of each answer 1..5 (index 0 = answer 1). */
export const distribution = () => z.array(count()).length(5).describe('Count of each answer 1..5 (index 0 = answer 1)');
