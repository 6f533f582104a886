/** The error responses the feedback endpoints share (success and request shapes come from the zod schemas). */
import { JSON_BODY_LIMIT_BYTES } from '../common/api-error-mapping';
import { API_ERROR_SCHEMA } from '../common/openapi-errors';

export const ERROR_RESPONSES = {
  400: {
    description: '`validation_failed` (body or query), `unknown_parameter` (query) or `invalid_json` (body): `errors[]` names each field',
    schema: API_ERROR_SCHEMA,
  },
  401: { description: '`unauthorized`: missing or unknown bearer token', schema: API_ERROR_SCHEMA },
  413: { description: `\`payload_too_large\`: the body exceeds ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MiB`, schema: API_ERROR_SCHEMA },
  415: { description: '`unsupported_media_type`: the body is not JSON (Content-Type: application/json)', schema: API_ERROR_SCHEMA },
  429: {
    description: '`rate_limited`: too many requests for this token (wall clock); see the Retry-After header',
    schema: API_ERROR_SCHEMA,
  },
};
