/** OpenAPI response shapes of the feedback endpoints (request shapes come from the zod schemas). */
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const API_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: {
      type: 'string',
      enum: ['validation_failed', 'unknown_parameter', 'unauthorized', 'forbidden', 'vehicle_mismatch', 'driver_mismatch', 'id_conflict', 'too_soon', 'answered_in_future', 'unknown_vehicle', 'rate_limited'],
      description: 'Machine-readable reason',
    },
    message: { type: 'string', description: 'For a human' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string', description: 'Dotted field path, e.g. ratings.3.overall' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

export const SUBMISSION_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['stored', 'duplicate'] } },
};

export const BATCH_RESULT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['stored', 'duplicates', 'rejected', 'results'],
  properties: {
    stored: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
    results: {
      type: 'array',
      description: 'One entry per submitted item, in order. `httpStatus` is what the item would have got alone: 201 stored, 200 duplicate, or a 4xx with `error` (same body as the single endpoint).',
      items: {
        type: 'object',
        required: ['index', 'id', 'status', 'httpStatus'],
        properties: {
          index: { type: 'integer' },
          id: { type: 'string', format: 'uuid', nullable: true },
          status: { type: 'string', enum: ['stored', 'duplicate', 'rejected'] },
          httpStatus: { type: 'integer' },
          error: API_ERROR_SCHEMA,
        },
      },
    },
  },
};

export const pageSchema = (item: SchemaObject): SchemaObject => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: item }, nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' } },
});

export const ERROR_RESPONSES = {
  400: { description: '`validation_failed` (body) or `unknown_parameter` (query): `errors[]` names each field', schema: API_ERROR_SCHEMA },
  401: { description: '`unauthorized`: missing or unknown bearer token', schema: API_ERROR_SCHEMA },
  429: { description: '`rate_limited`: too many requests for this token (wall clock); see the Retry-After header', schema: API_ERROR_SCHEMA },
};
