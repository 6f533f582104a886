/**
 * The one error shape against the real server (test/support/app.ts): errors raised before
 * validation (content type, JSON syntax, size), query errors of the analytics, unknown routes and
 * an unreachable database all answer `{ statusCode, code, message, errors }`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PERIOD_DAYS } from '@app/contract';
import { startTestServer, type TestServer } from './support/app';
import { call, rating, TOKENS } from './feedback/support';

let t: TestServer;
let base: string;

beforeAll(async () => {
  // Nothing scheduled runs during the test (it stops the database at the end).
  t = await startTestServer({ ANALYTICS_ROLLUP_INTERVAL_MS: '3600000', FEEDBACK_CONTEXT_INTERVAL_MS: '3600000' });
  base = t.server.httpUrl;
});

afterAll(async () => {
  await t?.stop();
});

const expectShape = (body: unknown, statusCode: number, code: string) => {
  expect(Object.keys(body as object).sort()).toEqual(['code', 'errors', 'message', 'statusCode']);
  expect(body).toMatchObject({ statusCode, code, message: expect.any(String), errors: expect.any(Array) });
};

describe('errors before validation', () => {
  it('a text/plain body → 415 unsupported_media_type (not 400 "received undefined")', async () => {
    const res = await call(base, 'POST', '/api/v1/ratings', {
      token: TOKENS.gnv,
      raw: JSON.stringify(rating()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expectShape(res.body, 415, 'unsupported_media_type');
    const form = await call(base, 'POST', '/api/v1/driver-questionnaires', {
      token: TOKENS.d01,
      raw: 'overall=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('bad JSON → 400 invalid_json, never echoing the body', async () => {
    const raw = '{"id": "secret-bytes-of-the-body", overall: }';
    const res = await call(base, 'POST', '/api/v1/ratings', { token: TOKENS.gnv, raw });
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'invalid_json');
    expect(res.text).not.toContain('secret-bytes');
    expect(res.text).not.toContain('overall');
  });

  it('a body over 1 MiB → 413 payload_too_large', async () => {
    const raw = JSON.stringify({ ratings: [rating({ comment: 'x'.repeat(1024 * 1024) })] });
    const res = await call(base, 'POST', '/api/v1/ratings/batch', { token: TOKENS.gnv, raw });
    expect(res.status).toBe(413);
    expectShape(res.body, 413, 'payload_too_large');
  });

  it('an empty POST to the admin rollup trigger still means {} (no body, no 415)', async () => {
    const res = await call(base, 'POST', '/api/v1/analytics/rollups', { token: TOKENS.admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ days: [] });
  });
});

describe('analytics queries', () => {
  it('a bad value → 400 validation_failed with errors[].path', async () => {
    const res = await call(base, 'GET', '/api/v1/kpis?groupBy=week', { token: TOKENS.engineer });
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['groupBy']);
    expect(res.body).not.toHaveProperty('issues');
  });

  it('a period over the limit → 400 period_too_long; an unknown parameter → 400 unknown_parameter', async () => {
    const long = await call(base, 'GET', '/api/v1/trips?from=2018-01-01&to=2019-12-31', { token: TOKENS.engineer });
    expectShape(long.body, 400, 'period_too_long');
    expect(long.body.errors).toEqual([
      { path: 'to', code: 'period_too_long', message: `period of 730 days exceeds the limit of ${MAX_PERIOD_DAYS} days` },
    ]);
    const unknown = await call(base, 'GET', '/api/v1/data-quality?vehicel=GNV-01', { token: TOKENS.engineer });
    expectShape(unknown.body, 400, 'unknown_parameter');
    expect(unknown.body.errors[0]).toMatchObject({ path: 'vehicel', code: 'unrecognized_key' });
  });

  it('CSV with Accept: text/csv as with format=csv; a missing trip is a 404 in the shape', async () => {
    const accept = await call(base, 'GET', '/api/v1/kpis?groupBy=day', { token: TOKENS.engineer, headers: { accept: 'text/csv' } });
    expect(accept.headers.get('content-type')).toMatch(/^text\/csv/);
    const format = await call(base, 'GET', '/api/v1/kpis?groupBy=day&format=csv', { token: TOKENS.engineer });
    expect(format.text).toBe(accept.text);
    const json = await call(base, 'GET', '/api/v1/kpis?groupBy=day', { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const trip = await call(base, 'GET', '/api/v1/trips/GNV-01/nope', { token: TOKENS.engineer });
    expect(trip.status).toBe(404);
    expectShape(trip.body, 404, 'not_found');
  });
});

describe('routes', () => {
  it('an unknown route → 404 not_found in the shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nope'],
      ['POST', '/nope?token=abc'],
      ['GET', '/tablet/not%20a%20coach'],
    ] as const) {
      const res = await call(base, method, path);
      expect(res.status).toBe(404);
      expectShape(res.body, 404, 'not_found');
      expect(res.text).not.toContain('token=abc');
    }
  });

  it('the OpenAPI document describes the error shape and the 503 of database-backed routes', async () => {
    const doc = (await call(base, 'GET', '/api/docs-json')).body;
    const kpi400 = doc.paths['/api/v1/kpis'].get.responses['400'].content['application/json'].schema;
    expect(kpi400.required).toEqual(['statusCode', 'code', 'message', 'errors']);
    expect(kpi400.properties.code.enum).toEqual(expect.arrayContaining(['validation_failed', 'period_too_long', 'database_unavailable']));
    expect(doc.paths['/api/v1/ratings'].post.responses['415']).toBeDefined();
    expect(doc.paths['/api/v1/trips'].get.responses['503'].headers['Retry-After']).toBeDefined();
  });
});

// Last: the database stays stopped.
describe('database unreachable', () => {
  it('answers 503 database_unavailable with Retry-After instead of 500', async () => {
    expect((await call(base, 'GET', '/api/v1/ratings', { token: TOKENS.engineer })).status).toBe(200);
    t.sql.on('error', () => undefined); // the assertion client's connection dies with the database
    await t.database.stop();
    for (const path of ['/api/v1/ratings', '/api/v1/trips', '/api/v1/kpis']) {
      const res = await call(base, 'GET', path, { token: TOKENS.engineer });
      expect(res.status, `${path}: ${res.text}`).toBe(503);
      expectShape(res.body, 503, 'database_unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const post = await call(base, 'POST', '/api/v1/ratings', { token: TOKENS.gnv, body: rating() });
    expect(post.status).toBe(503);
  });
});
