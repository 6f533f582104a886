/**
 * The one error body (errors.ts) as a zod schema: the OpenAPI document's error responses and the
 * per-item errors of a rating batch are generated from it. errors.ts stays free of zod for the
 * pages; the type is checked to be the same in both directions.
 */
import { z } from 'zod';
import { API_ERROR_CODES, type ApiError } from './errors';

export const fieldErrorSchema = z.strictObject({
  path: z.string().describe('Dotted field path, e.g. ratings.3.overall'),
  code: z.string(),
  message: z.string(),
});

export const apiErrorSchema = z.strictObject({
  statusCode: z.number().int(),
  code: z.enum(API_ERROR_CODES).describe('Machine-readable and stable (docs/errors.md)'),
  message: z.string().describe('For a human'),
  errors: z.array(fieldErrorSchema).describe('One entry per offending field; empty when the error is about the request as a whole'),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof apiErrorSchema>, ApiError> = true;
void sameShape;
