/**
 * The one error body of the HTTP API: `{ statusCode, code, message, errors: [{ path, code, message }] }`.
 * `code` is machine-readable and stable (docs/errors.md lists every one), `message` is for a human,
 * `errors[]` names each offending field (empty when the error is about the request as a whole).
 * No zod here, so that the browser pages can import it.
 */
export const API_ERROR_CODES = [
  // 400
  'validation_failed',
  'unknown_parameter',
  'period_too_long',
  'invalid_json',
  'bad_request',
  // 401, 403
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'vehicle_mismatch',
  'driver_mismatch',
  // 404, 409, 413, 415
  'not_found',
  'id_conflict',
  'username_taken',
  'last_admin',
  'already_acknowledged',
  'vehicle_exists',
  'payload_too_large',
  'unsupported_media_type',
  // 422, 429
  'too_soon',
  'answered_in_future',
  'answered_too_early',
  'unknown_vehicle',
  'unknown_line',
  'unsupported_powertrain',
  'trial_not_reportable',
  'rate_limited',
  // 5xx
  'internal_error',
  'database_unavailable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The `errors[].code` a zod custom issue carries in `params.code` when a limit is exceeded (→ top-level `period_too_long`). */
export const PERIOD_TOO_LONG = 'period_too_long' satisfies ApiErrorCode;

export interface FieldError {
  /** Dotted path of the offending field (`ratings.3.overall`), '' for the whole body or query. */
  path: string;
  code: string;
  message: string;
}

export interface ApiError {
  statusCode: number;
  code: ApiErrorCode;
  message: string;
  errors: FieldError[];
}
