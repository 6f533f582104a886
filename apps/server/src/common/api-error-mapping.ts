/**
 * Any error a request can end with → the API's one error body (docs/errors.md): ApiExceptions
 * as they are, Nest's own HttpExceptions (unknown route, a bare NotFoundException), what the JSON
 * body parser throws before validation, an unreachable database (503 + Retry-After) and anything
 * else (500, logged, never described to the client). Pure, so that every case is unit-tested.
 */
import { HttpException } from '@nestjs/common';
import { API_ERROR_CODES, type ApiError, type ApiErrorCode, type FieldError } from '@app/contract';
import { isDatabaseUnavailable } from './database-unavailable';

/** Largest JSON body (a batch of 100 ratings with 500-character comments exceeds body-parser's 100 kB default). */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** What a client is told to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

export interface MappedError {
  body: ApiError;
  headers: Record<string, string>;
  /** A fault of the server (500): log it with its stack. */
  unexpected: boolean;
}

/** The code of a status when the exception named none. */
const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'id_conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'database_unavailable',
};

const mebibytes = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

/**
 * body-parser's errors by their `type` (http-errors). Their messages are never passed on: the
 * JSON parse error of Node quotes a snippet of the body.
 */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: ApiErrorCode; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' },
  'entity.too.large': {
    status: 413,
    code: 'payload_too_large',
    message: `the request body exceeds the limit of ${mebibytes(JSON_BODY_LIMIT_BYTES)}`,
  },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    message: 'unsupported Content-Encoding (send identity, gzip, deflate or br)',
  },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type', message: 'unsupported charset: send UTF-8 JSON' },
  'request.aborted': { status: 400, code: 'bad_request', message: 'the request was aborted before its body was read' },
  'request.size.invalid': { status: 400, code: 'bad_request', message: 'the request body does not match its Content-Length' },
};

const body = (status: number, code: ApiErrorCode, message: string, errors: FieldError[] = []): ApiError => ({
  statusCode: status,
  code,
  message,
  errors,
});

/** Only the documented codes reach a client: an exception with another code gets its status's. */
const isApiErrorCode = (v: unknown): v is ApiErrorCode => (API_ERROR_CODES as readonly unknown[]).includes(v);

export function toApiError(exception: unknown): MappedError {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDatabaseUnavailable(exception)) {
    return {
      body: body(503, 'database_unavailable', `the database is unreachable: retry in ${DATABASE_RETRY_AFTER_S} s`),
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_S) },
      unexpected: false,
    };
  }
  return { body: body(500, 'internal_error', 'internal error'), headers: {}, unexpected: true };
}

function fromHttpException(exception: HttpException): MappedError {
  const status = exception.getStatus();
  const cause = exception.cause as { type?: unknown } | undefined;
  const parser = typeof cause?.type === 'string' ? BODY_PARSER_ERRORS[cause.type] : undefined;
  if (parser) return { body: body(parser.status, parser.code, parser.message), headers: {}, unexpected: false };
  if (cause instanceof URIError)
    return { body: body(400, 'bad_request', 'the URL is not correctly percent-encoded'), headers: {}, unexpected: false };

  const response = exception.getResponse();
  const given = typeof response === 'object' && response !== null ? (response as Partial<ApiError> & { message?: unknown }) : {};
  const code = isApiErrorCode(given.code) ? given.code : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'));
  const errors = Array.isArray(given.errors) ? given.errors : [];
  return {
    body: body(status, code, messageOf(status, typeof response === 'string' ? response : given.message), errors),
    headers: {},
    unexpected: status >= 500,
  };
}

function messageOf(status: number, message: unknown): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message !== 'string' || !message) return status >= 500 ? 'internal error' : `request refused (${status})`;
  // Nest's unknown-route message: the method and the path without its query string (which may hold a token).
  const route = /^Cannot ([A-Z]+) ([^?]*)/.exec(message);
  return route ? `no route for ${route[1]} ${route[2]}` : message;
}
