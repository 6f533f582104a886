/**
 * The feedback API against the real server and database: every bad input answers a precise 4xx
 * (machine-readable code + field path), retries are stored once, the engineers' reads are
 * role-protected, filterable, paginated and exportable as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app';
import { call, nextAnsweredAt, questionnaire, rating, TOKENS } from './support';

let t: TestServer;
let base: string;
const RATINGS = '/api/v1/ratings';
const BATCH = '/api/v1/ratings/batch';
const DQ = '/api/v1/driver-questionnaires';

beforeAll(async () => {
  t = await startTestServer({
    // A token for a vehicle that is not in the vehicle table (unknown_vehicle).
    TABLET_TOKENS: 'GNV-01:tablet-gnv-01-dev,DSL-01:tablet-dsl-01-dev,XXX-99:tablet-xxx-99',
    FEEDBACK_CONTEXT_INTERVAL_MS: '3600000',
  });
  base = t.server.httpUrl;
});

afterAll(async () => {
  await t?.stop();
});

/** `token` null: no Authorization header. */
const post = (path: string, body: unknown, token: string | null = TOKENS.gnv) =>
  call(base, 'POST', path, { body, token: token ?? undefined });
const get = (path: string, token: string | null = TOKENS.engineer, headers: Record<string, string> = {}) =>
  call(base, 'GET', path, { token: token ?? undefined, headers });

describe('POST /api/v1/ratings', () => {
  it('stores a rating once: 201 stored, then 200 duplicate, with tablet and server times', async () => {
    const r = rating({ comment: 'Très bien' });
    const first = await post(RATINGS, r);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: r.id, status: 'stored' });
    const again = await post(RATINGS, r);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: r.id, status: 'duplicate' });
    const rows = (await t.sql.query('SELECT * FROM rating WHERE id = $1', [r.id])).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].answered_at.toISOString()).toBe(r.answeredAt);
    expect(Math.abs(rows[0].received_at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows[0].vehicle_id).toBe('GNV-01');
    expect(rows[0].comment).toBe('Très bien');
  });

  it('accepts a minimal partial answer (overall only, complete=false)', async () => {
    const r = { id: crypto.randomUUID(), vehicleId: 'GNV-01', answeredAt: nextAnsweredAt(), language: 'oc', complete: false, overall: 2 };
    expect((await post(RATINGS, r)).status).toBe(201);
  });

  it('refuses the same id with a different body: 409 id_conflict', async () => {
    const r = rating();
    await post(RATINGS, r);
    const res = await post(RATINGS, { ...r, overall: 1 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'id_conflict', errors: [{ path: 'id' }] });
  });

  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'nope'],
  ])('401 unauthorized with %s', async (_what, token) => {
    const res = await post(RATINGS, rating(), token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('403 forbidden with a valid credential of another role (an engineer token)', async () => {
    const res = await post(RATINGS, rating(), TOKENS.engineer);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('401 for a non-Bearer scheme', async () => {
    const res = await call(base, 'POST', RATINGS, { body: rating(), headers: { authorization: `Basic ${TOKENS.gnv}` } });
    expect(res.status).toBe(401);
  });

  it("403 vehicle_mismatch when the body names another vehicle than the token's", async () => {
    const res = await post(RATINGS, rating({ vehicleId: 'DSL-01' }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'vehicle_mismatch', errors: [{ path: 'vehicleId' }] });
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['id not a UUID', { id: 'abc' }, 'id'],
    ['vehicleId badly formed', { vehicleId: 'gnv 01' }, 'vehicleId'],
    ['answeredAt not a date', { answeredAt: 'yesterday' }, 'answeredAt'],
    ['answeredAt with an offset (UTC only)', { answeredAt: '2018-06-11T10:00:00+02:00' }, 'answeredAt'],
    ['answeredAt as a number', { answeredAt: 1528704000000 }, 'answeredAt'],
    ['language not offered', { language: 'de' }, 'language'],
    ['complete not a boolean', { complete: 'yes' }, 'complete'],
    ['overall 0', { overall: 0 }, 'overall'],
    ['overall 6', { overall: 6 }, 'overall'],
    ['overall 3.5', { overall: 3.5 }, 'overall'],
    ['overall as a string', { overall: '5' }, 'overall'],
    ['overall null', { overall: null }, 'overall'],
    ['smoothness 9', { smoothness: 9 }, 'smoothness'],
    ['temperature -1', { temperature: -1 }, 'temperature'],
    ['noise 0', { noise: 0 }, 'noise'],
    ['seat 2.2', { seat: 2.2 }, 'seat'],
    ['comment over 500 characters', { comment: 'x'.repeat(501) }, 'comment'],
    ['comment not a string', { comment: 42 }, 'comment'],
    ['an unknown field', { stars: 5 }, 'stars'],
  ];
  it.each(bad)('400 validation_failed: %s', async (_what, patch, path) => {
    const res = await post(RATINGS, rating(patch as never));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(res.body.message).toContain(path);
  });

  it.each(['id', 'vehicleId', 'answeredAt', 'language', 'complete', 'overall'])('400 when %s is missing', async (field) => {
    const r: Record<string, unknown> = rating();
    delete r[field];
    const res = await post(RATINGS, r);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
    ['malformed JSON', '{"id": '],
  ])('400 for a body that is %s', async (_what, raw) => {
    const res = await call(base, 'POST', RATINGS, { raw, token: TOKENS.gnv });
    expect(res.status).toBe(400);
  });

  it('400 for an empty body', async () => {
    const res = await call(base, 'POST', RATINGS, { token: TOKENS.gnv });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('refuses a second answer of the same tablet less than 5 s later on the tablet clock (422 too_soon), accepts one 5 s later', async () => {
    const at = Date.parse(nextAnsweredAt());
    nextAnsweredAt();
    expect((await post(RATINGS, rating({ answeredAt: new Date(at).toISOString() }))).status).toBe(201);
    const tooSoon = await post(RATINGS, rating({ answeredAt: new Date(at + 4_999).toISOString() }));
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body).toMatchObject({ code: 'too_soon', errors: [{ path: 'answeredAt' }] });
    const before = await post(RATINGS, rating({ answeredAt: new Date(at - 3_000).toISOString() }));
    expect(before.body.code).toBe('too_soon');
    expect((await post(RATINGS, rating({ answeredAt: new Date(at + 5_000).toISOString() }))).status).toBe(201);
    // Another coach's tablet is not concerned.
    expect((await post(RATINGS, rating({ vehicleId: 'DSL-01', answeredAt: new Date(at + 1_000).toISOString() }), TOKENS.dsl)).status).toBe(
      201,
    );
  });

  it('422 answered_in_future when the tablet clock is more than 5 min ahead', async () => {
    const res = await post(RATINGS, rating({ answeredAt: new Date(Date.now() + 10 * 60_000).toISOString() }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('answered_in_future');
  });

  it('422 unknown_vehicle for a token whose vehicle is not in the trial', async () => {
    const res = await post(RATINGS, rating({ vehicleId: 'XXX-99' }), 'tablet-xxx-99');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unknown_vehicle');
  });

  it('strips control characters from comments and stores HTML as inert text', async () => {
    const r = rating({ comment: '  <img src=x onerror=alert(1)>\u0000\u0007 Bus\u202E propre\r\nmerci\t!  ' });
    expect((await post(RATINGS, r)).status).toBe(201);
    const row = (await t.sql.query('SELECT comment FROM rating WHERE id = $1', [r.id])).rows[0];
    expect(row.comment).toBe('<img src=x onerror=alert(1)> Bus propre\nmerci !');
    const listed = await get(`${RATINGS}?from=${encodeURIComponent(r.answeredAt)}&limit=1`);
    expect(listed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(listed.body.items[0].comment).toBe('<img src=x onerror=alert(1)> Bus propre\nmerci !');
  });

  it('stores a comment that is only control characters as no comment', async () => {
    const r = rating({ comment: '\u0001\u0002   ' });
    await post(RATINGS, r);
    expect((await t.sql.query('SELECT comment FROM rating WHERE id = $1', [r.id])).rows[0].comment).toBeNull();
  });
});

describe('POST /api/v1/ratings/batch', () => {
  it('stores valid items and reports each invalid one with its own 4xx, without failing the others', async () => {
    const stored = rating();
    await post(RATINGS, stored);
    const ok = rating();
    const conflict = { ...stored, overall: stored.overall === 5 ? 4 : 5 };
    const items = [
      ok,
      rating({ overall: 9 }),
      rating({ vehicleId: 'DSL-01' }),
      stored,
      conflict,
      { junk: true },
      rating({ answeredAt: ok.answeredAt }),
    ];
    const res = await post(BATCH, { ratings: items });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 1, duplicates: 1, rejected: 5 });
    const r = res.body.results;
    expect(r[0]).toEqual({ index: 0, id: ok.id, status: 'stored', httpStatus: 201 });
    expect(r[1]).toMatchObject({
      index: 1,
      status: 'rejected',
      httpStatus: 400,
      error: { code: 'validation_failed', errors: [{ path: 'ratings.1.overall' }] },
    });
    expect(r[2]).toMatchObject({ status: 'rejected', httpStatus: 403, error: { code: 'vehicle_mismatch' } });
    expect(r[3]).toEqual({ index: 3, id: stored.id, status: 'duplicate', httpStatus: 200 });
    expect(r[4]).toMatchObject({ status: 'rejected', httpStatus: 409, error: { code: 'id_conflict' } });
    expect(r[5]).toMatchObject({ index: 5, id: null, status: 'rejected', httpStatus: 400 });
    expect(r[5].error.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['ratings.5.junk', 'ratings.5.id']));
    expect(r[6]).toMatchObject({ status: 'rejected', httpStatus: 422, error: { code: 'too_soon' } });
    expect((await t.sql.query('SELECT count(*)::int n FROM rating WHERE id = $1', [ok.id])).rows[0].n).toBe(1);
  });

  it('is idempotent as a whole: the same batch twice stores nothing new', async () => {
    const items = [rating(), rating(), rating()];
    expect((await post(BATCH, { ratings: items })).body.stored).toBe(3);
    const again = await post(BATCH, { ratings: items });
    expect(again.body).toMatchObject({ stored: 0, duplicates: 3, rejected: 0 });
  });

  it('takes 100 ratings with 500-character comments in one request', async () => {
    const items = Array.from({ length: 100 }, () => rating({ comment: 'é'.repeat(500) }));
    const res = await post(BATCH, { ratings: items });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(100);
  });

  it.each([
    ['an empty object', {}, 'ratings'],
    ['an empty list', { ratings: [] }, 'ratings'],
    ['101 items', { ratings: Array.from({ length: 101 }, () => ({})) }, 'ratings'],
    ['ratings not a list', { ratings: { a: 1 } }, 'ratings'],
    ['an unknown envelope field', { ratings: [{}], extra: 1 }, 'extra'],
  ])('400 for an envelope that is %s', async (_what, body, path) => {
    const res = await post(BATCH, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('401 without a tablet token', async () => {
    expect((await post(BATCH, { ratings: [rating()] }, null)).status).toBe(401);
  });
});

describe('POST /api/v1/driver-questionnaires', () => {
  it('stores once: 201 then 200, 409 for a reused id', async () => {
    const q = questionnaire({ comment: 'Siège dur' });
    const first = await post(DQ, q, TOKENS.d01);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: q.id, status: 'stored' });
    expect((await post(DQ, q, TOKENS.d01)).status).toBe(200);
    const conflict = await post(DQ, { ...q, overall: 1 }, TOKENS.d01);
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('id_conflict');
    const row = (await t.sql.query(`SELECT *, to_char(shift_date, 'YYYY-MM-DD') d FROM driver_questionnaire WHERE id = $1`, [q.id]))
      .rows[0];
    expect(row).toMatchObject({ driver_id: 'D-01', vehicle_id: 'GNV-01', d: '2018-06-11', cab_noise: 5, comment: 'Siège dur' });
  });

  it.each([
    ['no code', null, 401, 'unauthorized'],
    ['a wrong code', 'driver-99', 401, 'unauthorized'],
    ['a tablet token (another role)', TOKENS.gnv, 403, 'forbidden'],
  ])('refuses %s', async (_what, token, status, code) => {
    const res = await post(DQ, questionnaire(), token);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it("403 driver_mismatch when the code is another driver's", async () => {
    const res = await post(DQ, questionnaire({ driverId: 'D-01' }), TOKENS.d02);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'driver_mismatch', errors: [{ path: 'driverId' }] });
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['id not a UUID', { id: '123' }, 'id'],
    ['shiftDate not a date', { shiftDate: '11/06/2018' }, 'shiftDate'],
    ['shiftDate impossible', { shiftDate: '2018-02-30' }, 'shiftDate'],
    ['answeredAt not ISO', { answeredAt: '2018-06-11 18:00' }, 'answeredAt'],
    ['seat 0', { seat: 0 }, 'seat'],
    ['drivingPosition 6', { drivingPosition: 6 }, 'drivingPosition'],
    ['cabNoise 2.5', { cabNoise: 2.5 }, 'cabNoise'],
    ['vibration as a string', { vibration: '3' }, 'vibration'],
    ['gearbox null', { gearbox: null }, 'gearbox'],
    ['acceleration -2', { acceleration: -2 }, 'acceleration'],
    ['braking 10', { braking: 10 }, 'braking'],
    ['cabTemperature missing', { cabTemperature: undefined }, 'cabTemperature'],
    ['visibility 0', { visibility: 0 }, 'visibility'],
    ['overall 7', { overall: 7 }, 'overall'],
    ['comment too long', { comment: 'a'.repeat(501) }, 'comment'],
    ['an unknown field', { mood: 'ok' }, 'mood'],
    ['vehicleId badly formed', { vehicleId: '' }, 'vehicleId'],
  ];
  it.each(bad)('400 validation_failed: %s', async (_what, patch, path) => {
    const res = await post(DQ, questionnaire(patch as never), TOKENS.d01);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('422 unknown_vehicle and answered_in_future', async () => {
    expect((await post(DQ, questionnaire({ vehicleId: 'XXX-99' }), TOKENS.d01)).body.code).toBe('unknown_vehicle');
    const future = await post(DQ, questionnaire({ answeredAt: new Date(Date.now() + 3_600_000).toISOString() }), TOKENS.d01);
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('answered_in_future');
  });
});

describe('GET (engineers)', () => {
  it.each([
    ['no token', null, 401, 'unauthorized'],
    ['a tablet token', TOKENS.gnv, 403, 'forbidden'],
    ['a driver code', TOKENS.d01, 403, 'forbidden'],
    ['an admin token (admin does not imply engineer)', TOKENS.admin, 403, 'forbidden'],
  ])('refuses %s', async (_what, token, status, code) => {
    const res = await get(RATINGS, token);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect((await get(DQ, token)).status).toBe(status);
  });

  it('serves engineers', async () => {
    expect((await get(RATINGS, TOKENS.engineer)).status).toBe(200);
    expect((await get(DQ, TOKENS.engineer)).status).toBe(200);
  });

  it('filters by vehicle, time and completeness, and pages with a cursor', async () => {
    const from = nextAnsweredAt();
    const mine = [
      rating({ answeredAt: nextAnsweredAt() }),
      rating({ answeredAt: nextAnsweredAt(), complete: false }),
      rating({ answeredAt: nextAnsweredAt() }),
    ];
    const dsl = rating({ vehicleId: 'DSL-01', answeredAt: nextAnsweredAt() });
    const to = nextAnsweredAt();
    await post(BATCH, { ratings: mine });
    await post(RATINGS, dsl, TOKENS.dsl);
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const all = await get(`${RATINGS}?${q}`);
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([...mine.map((m) => m.id), dsl.id]);
    expect(all.body.nextCursor).toBeNull();
    const gnv = await get(`${RATINGS}?${q}&vehicle=GNV-01`);
    expect(gnv.body.items).toHaveLength(3);
    const partial = await get(`${RATINGS}?${q}&complete=false`);
    expect(partial.body.items.map((i: { id: string }) => i.id)).toEqual([mine[1].id]);
    const page1 = await get(`${RATINGS}?${q}&limit=2`);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await get(`${RATINGS}?${q}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([mine[2].id, dsl.id]);
    expect(page2.body.nextCursor).toBeNull();
    const item = page2.body.items[1];
    expect(item).toMatchObject({
      vehicleId: 'DSL-01',
      answeredAt: dsl.answeredAt,
      overall: dsl.overall,
      tripId: null,
      contextStatus: 'pending',
    });
    expect(item.receivedAt).toEqual(expect.any(String));
    // An offset in `from` is understood (10:00+02:00 is 08:00Z).
    const paris = await get(
      `${RATINGS}?from=${encodeURIComponent('2018-06-11T10:00:00+02:00')}&to=${encodeURIComponent('2018-06-11T10:00:00.001+02:00')}`,
    );
    expect(paris.status).toBe(200);
  });

  it('exports CSV with ?format=csv or Accept: text/csv, with Paris time and formula-safe text', async () => {
    const r = rating({ comment: '=HYPERLINK("http://evil","clic"), "quoted"' });
    await post(RATINGS, r);
    const q = `from=${encodeURIComponent(r.answeredAt)}&to=${encodeURIComponent(new Date(Date.parse(r.answeredAt) + 1).toISOString())}`;
    const csv = await get(`${RATINGS}?${q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="ratings-/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['id', 'vehicle_id', 'answered_at_utc', 'answered_at_paris']);
    expect(lines).toHaveLength(2);
    // 08:xx UTC in June is 10:xx in Paris (CEST).
    expect(lines[1]).toContain(`${r.id},GNV-01,${r.answeredAt},2018-06-11 10:`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"",""clic""), ""quoted"""`);
    const negotiated = await get(`${RATINGS}?${q}`, TOKENS.engineer, { accept: 'text/csv' });
    expect(negotiated.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(negotiated.text).toBe(csv.text);
    const forcedJson = await get(`${RATINGS}?${q}&format=json`, TOKENS.engineer, { accept: 'text/csv' });
    expect(forcedJson.body.items).toHaveLength(1);
  });

  it('lists and exports driver questionnaires with a driver filter', async () => {
    const q1 = questionnaire({ driverId: 'D-02', vehicleId: 'DSL-01' });
    await post(DQ, q1, TOKENS.d02);
    const page = await get(`${DQ}?driver=D-02`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ id: q1.id, driverId: 'D-02', vehicleId: 'DSL-01', shiftDate: '2018-06-11', overall: 4, comment: null }),
    ]);
    const csv = await get(`${DQ}?driver=D-02&format=csv`);
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(2);
  });

  const badQueries: Array<[string, string, string, string]> = [
    ['an unknown parameter', 'vehicel=GNV-01', 'unknown_parameter', 'vehicel'],
    ['limit 0', 'limit=0', 'validation_failed', 'limit'],
    ['limit 1001', 'limit=1001', 'validation_failed', 'limit'],
    ['limit not a number', 'limit=ten', 'validation_failed', 'limit'],
    ['from not a date', 'from=yesterday', 'validation_failed', 'from'],
    ['to before from', 'from=2018-06-12T00:00:00Z&to=2018-06-11T00:00:00Z', 'validation_failed', 'to'],
    ['complete not a boolean', 'complete=yes', 'validation_failed', 'complete'],
    ['vehicle badly formed', 'vehicle=gnv', 'validation_failed', 'vehicle'],
    ['vehicle given twice', 'vehicle=GNV-01&vehicle=DSL-01', 'validation_failed', 'vehicle'],
    ['an unknown format', 'format=xml', 'validation_failed', 'format'],
    ['a forged cursor', 'cursor=Zm9vYmFy', 'validation_failed', 'cursor'],
    ['a cursor with bad characters', 'cursor=a%2Fb', 'validation_failed', 'cursor'],
  ];
  it.each(badQueries)('400 for %s', async (_what, query, code, path) => {
    const res = await get(`${RATINGS}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('400 for parameters of the other list (trip on questionnaires, driver on ratings)', async () => {
    expect((await get(`${DQ}?trip=101-A`)).body.code).toBe('unknown_parameter');
    expect((await get(`${RATINGS}?driver=D-01`)).body.code).toBe('unknown_parameter');
  });

  it('400 for a bad CSV query before any byte of CSV is sent', async () => {
    const res = await get(`${RATINGS}?format=csv&cursor=Zm9vYmFy`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});

describe('OpenAPI', () => {
  it('documents the feedback endpoints with their schemas', async () => {
    const doc = (await call(base, 'GET', '/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([RATINGS, BATCH, DQ]));
    const post1 = doc.paths[RATINGS].post;
    expect(post1.requestBody.content['application/json'].schema.properties.overall).toMatchObject({ minimum: 1, maximum: 5 });
    expect(Object.keys(post1.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '422', '429']));
    expect(doc.paths[BATCH].post.description).toMatch(/does not fail the others/);
    expect(doc.paths[RATINGS].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['vehicle', 'from', 'to', 'trip', 'complete', 'limit', 'cursor', 'format']),
    );
  });
});

describe('pages and metrics', () => {
  it('serves the tablet and driver pages under a strict CSP, their hashed assets immutable, and 404s the rest', async () => {
    const page = await fetch(`${base}/tablet/GNV-01`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const js = /src="(\/assets\/tablet-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    const asset = await fetch(`${base}${js}`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/driver`)).status).toBe(200);
    expect((await fetch(`${base}/sw.js`)).headers.get('service-worker-allowed')).toBe('/');
    expect((await fetch(`${base}/tablet/not%20a%20coach`)).status).toBe(404);
    expect((await fetch(`${base}/assets/nope.js`)).status).toBe(404);
  });

  it('counts submissions by outcome in /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/feedback_submissions_total\{kind="rating",outcome="stored"\} \d+/);
    expect(text).toMatch(/feedback_submissions_total\{kind="rating",outcome="too_soon"\} \d+/);
    expect(text).toMatch(/feedback_submissions_total\{kind="driver_questionnaire",outcome="duplicate"\} \d+/);
  });
});
