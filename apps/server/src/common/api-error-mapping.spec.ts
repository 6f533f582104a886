import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { kpiQuerySchema } from '@app/contract';
import { ApiException, validationException } from './api-error';
import { DATABASE_RETRY_AFTER_S, toApiError } from './api-error-mapping';
import { ApiExceptionFilter } from './api-exception.filter';
import { isDatabaseUnavailable } from './database-unavailable';

/** What Nest's Express adapter hands the filters for an error of body-parser (http-errors). */
const parserError = (type: string, status: number, message: string, ErrorClass: ErrorConstructor = Error) =>
  new ExpressAdapter().mapException(Object.assign(new ErrorClass(message), { type, status, statusCode: status, expose: true }));

const shape = (b: unknown) => Object.keys(b as object).sort();

describe('toApiError: one shape for every error', () => {
  it('bad JSON → 400 invalid_json, without the body snippet of the parse error', () => {
    const secret = 'tablet-token-in-a-broken-body';
    const m = toApiError(parserError('entity.parse.failed', 400, `Unexpected token 't', "${secret}" is not valid JSON`, SyntaxError));
    expect(m.body).toEqual({ statusCode: 400, code: 'invalid_json', message: 'the request body is not valid JSON', errors: [] });
    expect(JSON.stringify(m.body)).not.toContain(secret);
  });

  it('a body over the limit → 413 payload_too_large; an unsupported charset or encoding → 415', () => {
    expect(toApiError(parserError('entity.too.large', 413, 'request entity too large')).body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      message: expect.stringMatching(/1 MiB/),
    });
    expect(toApiError(parserError('charset.unsupported', 415, 'unsupported charset "UTF-16"')).body).toMatchObject({
      statusCode: 415,
      code: 'unsupported_media_type',
    });
    expect(toApiError(parserError('encoding.unsupported', 415, 'unsupported content encoding "zstd"')).body).toMatchObject({
      statusCode: 415,
      code: 'unsupported_media_type',
    });
  });

  it('a 415 raised by the JSON guard keeps its code', () => {
    const m = toApiError(new ApiException(415, 'unsupported_media_type', 'the request body must be JSON (Content-Type: application/json)'));
    expect(m.body).toEqual({
      statusCode: 415,
      code: 'unsupported_media_type',
      message: 'the request body must be JSON (Content-Type: application/json)',
      errors: [],
    });
  });

  it('an unknown route → 404 not_found, the path without its query string', () => {
    const m = toApiError(new NotFoundException('Cannot GET /api/v1/nope?token=abc'));
    expect(m.body).toEqual({ statusCode: 404, code: 'not_found', message: 'no route for GET /api/v1/nope', errors: [] });
    expect(toApiError(new NotFoundException('no such asset')).body).toEqual({
      statusCode: 404,
      code: 'not_found',
      message: 'no such asset',
      errors: [],
    });
  });

  it('zod failures of a body and of a query leave in the same shape, errors[].path naming the field', () => {
    const body = toApiError(validationException(z.strictObject({ overall: z.number() }).safeParse({ overall: 'x' }).error!, 'body')).body;
    const query = toApiError(validationException(kpiQuerySchema.safeParse({ groupBy: 'week' }).error!, 'query')).body;
    for (const b of [body, query]) {
      expect(shape(b)).toEqual(['code', 'errors', 'message', 'statusCode']);
      expect(b).toMatchObject({ statusCode: 400, code: 'validation_failed' });
      expect(shape(b.errors[0])).toEqual(['code', 'message', 'path']);
    }
    expect(body.errors[0].path).toBe('overall');
    expect(query.errors[0].path).toBe('groupBy');
  });

  it('an unreachable database → 503 database_unavailable with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const m = toApiError(refused);
    expect(m.body).toMatchObject({ statusCode: 503, code: 'database_unavailable', errors: [] });
    expect(m.headers).toEqual({ 'Retry-After': String(DATABASE_RETRY_AFTER_S) });
    expect(m.unexpected).toBe(false);
  });

  it('anything else → 500 internal_error that says nothing of the fault; HttpExceptions without a code get their status code', () => {
    const m = toApiError(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(m.body).toEqual({ statusCode: 500, code: 'internal_error', message: 'internal error', errors: [] });
    expect(m.unexpected).toBe(true);
    expect(toApiError(new BadRequestException('bad')).body).toEqual({ statusCode: 400, code: 'bad_request', message: 'bad', errors: [] });
    // An undocumented code never reaches a client.
    expect(toApiError(new BadRequestException({ code: 'made_up', message: 'x' })).body.code).toBe('bad_request');
  });

  it('a badly percent-encoded URL → 400 bad_request without the URL', () => {
    const m = toApiError(new ExpressAdapter().mapException(Object.assign(new URIError("Failed to decode param '%FF'"), { status: 400 })));
    expect(m.body).toEqual({ statusCode: 400, code: 'bad_request', message: 'the URL is not correctly percent-encoded', errors: [] });
  });
});

describe('isDatabaseUnavailable', () => {
  const pgError = (code: string, message = 'pg') => Object.assign(new Error(message), { code });
  it('recognises what pg, pg-pool and TypeORM throw when the database is unreachable', () => {
    for (const e of [
      pgError('ECONNREFUSED'),
      pgError('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('08006'),
      pgError('3D000', 'database "t_x" does not exist'),
      new QueryFailedError('SELECT 1', [], pgError('57P01') as never),
      new QueryFailedError('SELECT 1', [], new Error('Client has encountered a connection error and is not queryable') as never),
      new AggregateError([pgError('ECONNREFUSED')], 'all addresses refused'),
    ])
      expect(isDatabaseUnavailable(e), String(e)).toBe(true);
  });
  it('leaves the faults of a query or of the code alone', () => {
    for (const e of [
      pgError('23505', 'duplicate key'),
      pgError('42601', 'syntax error'),
      new QueryFailedError('SELECT', [], pgError('22P02') as never),
      new Error('boom'),
      null,
      'text',
    ])
      expect(isDatabaseUnavailable(e), String(e)).toBe(false);
  });
});

describe('ApiExceptionFilter', () => {
  function host(headersSent = false) {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown; destroyed?: boolean } = { headers: {} };
    const res = {
      headersSent,
      setHeader: (k: string, v: string) => (sent.headers[k] = v),
      removeHeader: (k: string) => delete sent.headers[k],
      status(s: number) {
        sent.status = s;
        return this;
      },
      type(t: string) {
        sent.headers['Content-Type'] = t;
        return this;
      },
      json(b: unknown) {
        sent.body = b;
        return this;
      },
      destroy() {
        sent.destroyed = true;
      },
    };
    const h = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
    return { h, sent };
  }

  it('writes the status, the headers and the body', () => {
    const { h, sent } = host();
    sent.headers['Content-Disposition'] = 'attachment; filename="x.csv"';
    new ApiExceptionFilter().catch(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), h);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe(String(DATABASE_RETRY_AFTER_S));
    expect(sent.headers['Content-Type']).toBe('application/json');
    expect(sent.headers['Content-Disposition']).toBeUndefined();
    expect(sent.body).toMatchObject({ code: 'database_unavailable' });
  });

  it('cuts a response whose headers are already sent (a CSV stream) instead of writing a body into it', () => {
    const { h, sent } = host(true);
    new ApiExceptionFilter().catch(new ApiException(400, 'validation_failed', 'late'), h);
    expect(sent.destroyed).toBe(true);
    expect(sent.body).toBeUndefined();
  });
});
