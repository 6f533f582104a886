/** OpenAPI response shapes of the feedback endpoints (request shapes come from the zod schemas). */
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { JSON_BODY_LIMIT_BYTES } from '../common/api-error-mapping';
import { API_ERROR_SCHEMA } from '../common/openapi-errors';

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
  400: { description: '`validation_failed` (body or query), `unknown_parameter` (query) or `invalid_json` (body): `errors[]` names each field', schema: API_ERROR_SCHEMA },
  401: { description: '`unauthorized`: missing or unknown bearer token', schema: API_ERROR_SCHEMA },
  413: { description: `\`payload_too_large\`: the body exceeds ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MiB`, schema: API_ERROR_SCHEMA },
  415: { description: '`unsupported_media_type`: the body is not JSON (Content-Type: application/json)', schema: API_ERROR_SCHEMA },
  429: { description: '`rate_limited`: too many requests for this token (wall clock); see the Retry-After header', schema: API_ERROR_SCHEMA },
};
