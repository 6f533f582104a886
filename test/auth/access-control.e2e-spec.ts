/**
 * Access control against the real server and database (docs/security.md): logging in and out,
 * session cookies and their expiry, CSRF, login throttling, security headers, the admin API and
 * revocation of devices taking effect at once.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSeeder } from '../../apps/server/src/auth/auth-seeder';
import { PgRateLimiter } from '../../apps/server/src/common/pg-rate-limiter';
import { startTestServer, type TestServer } from '../support/app';
import { call, questionnaire, rating, TOKENS } from '../feedback/support';
import { ADMIN, COOKIE_NAME, createCredential, createUser, errorShape, logIn, sessionOf } from './support';

const IDLE_S = 60;
const ABSOLUTE_S = 300;

let t: TestServer;
let base: string;
let admin: string;

beforeAll(async () => {
  t = await startTestServer({
    SESSION_IDLE_TIMEOUT_S: String(IDLE_S),
    SESSION_ABSOLUTE_TIMEOUT_S: String(ABSOLUTE_S),
    // Each throttling test speaks from its own address (X-Forwarded-For from the loopback "proxy").
    HTTP_TRUST_PROXY: 'loopback',
    FEEDBACK_CONTEXT_INTERVAL_MS: '3600000',
  });
  base = t.server.httpUrl;
  admin = await sessionOf(base, ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  await t?.stop();
});

const tokenOf = (cookie: string) => cookie.split('=')[1];
const sessionRow = async (cookie: string) =>
  (await t.sql.query(`SELECT * FROM auth_session WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [tokenOf(cookie)])).rows[0];
const me = (headers: Record<string, string>) => call(base, 'GET', '/api/v1/auth/me', { headers });

describe('logging in and out', () => {
  it('logs the first admin in with a cookie that is HttpOnly, Secure, SameSite=Lax, __Host-, Path=/ and lives as long as the session', async () => {
    const reply = await logIn(base, ADMIN.username, ADMIN.password);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      kind: 'user',
      roles: ['admin', 'engineer'],
      user: { username: 'admin' },
      session: { idleTimeoutSeconds: IDLE_S },
    });
    expect(reply.body.permissions).toEqual(expect.arrayContaining(['users.manage', 'devices.manage', 'ratings.read']));
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const set = reply.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=`))!;
    const attributes = set.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^__host-trial_session=[a-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/', `max-age=${ABSOLUTE_S}`]));
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
  });

  it('stores only the hash of the session token, with its absolute expiry', async () => {
    const cookie = await sessionOf(base, ADMIN.username, ADMIN.password);
    const row = await sessionRow(cookie);
    expect(row.token_hash).toHaveLength(32);
    const stored = await t.sql.query(
      `SELECT count(*)::int AS n FROM auth_session WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [tokenOf(cookie)],
    );
    expect(stored.rows[0].n).toBe(0);
    expect(Math.round((row.expires_at.getTime() - row.created_at.getTime()) / 1000)).toBe(ABSOLUTE_S);
  });

  it('GET /me answers who I am; logout deletes the session and the cookie', async () => {
    const cookie = await sessionOf(base, ADMIN.username, ADMIN.password);
    expect((await me({ cookie })).body).toMatchObject({ kind: 'user', user: { username: 'admin' } });
    const out = await call(base, 'POST', '/api/v1/auth/logout', { headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE_NAME}=;`))).toMatch(/Max-Age=0/i);
    expect(await sessionRow(cookie)).toBeUndefined();
    const after = await me({ cookie });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(errorShape(401, 'unauthorized'));
  });

  it('refuses a wrong password and an unknown username with the same answer', async () => {
    const wrong = await logIn(base, ADMIN.username, 'not-the-password', { 'x-forwarded-for': '10.1.0.1' });
    const unknown = await logIn(base, 'nobody-here', 'not-the-password', { 'x-forwarded-for': '10.1.0.1' });
    for (const reply of [wrong, unknown]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ ...errorShape(401, 'invalid_credentials'), message: 'wrong username or password' });
      expect(reply.cookie).toBeNull();
    }
  });

  it('accepts the username in any case, and validates the body', async () => {
    expect((await logIn(base, ' Admin ', ADMIN.password)).status).toBe(200);
    const bad = await call(base, 'POST', '/api/v1/auth/login', { body: { username: 'admin' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('password');
  });

  it('gives a new session id at every login and closes the one the browser came with', async () => {
    const first = await sessionOf(base, ADMIN.username, ADMIN.password);
    const second = await logIn(base, ADMIN.username, ADMIN.password, { cookie: first });
    expect(second.cookie).not.toBeNull();
    expect(second.cookie).not.toBe(first);
    expect((await me({ cookie: first })).status).toBe(401);
    expect((await me({ cookie: second.cookie! })).status).toBe(200);
  });

  it('ignores the cookie when an Authorization header is present (a bearer request is judged by its token alone)', async () => {
    expect((await me({ cookie: admin, authorization: 'Bearer nope' })).status).toBe(401);
    expect((await me({ cookie: admin, authorization: `Bearer ${TOKENS.gnv}` })).body).toMatchObject({
      kind: 'tablet',
      roles: ['tablet'],
      vehicleId: 'GNV-01',
    });
  });
});

describe('session expiry (durations in seconds: SESSION_IDLE_TIMEOUT_S, SESSION_ABSOLUTE_TIMEOUT_S)', () => {
  it('ends a session idle for longer than the idle timeout, and deletes it', async () => {
    const cookie = await sessionOf(base, ADMIN.username, ADMIN.password);
    await t.sql.query(
      `UPDATE auth_session SET last_seen_at = now() - interval '${IDLE_S - 5} seconds' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [tokenOf(cookie)],
    );
    expect((await me({ cookie })).status).toBe(200);
    // That request restarted the idle clock.
    expect((await sessionRow(cookie)).last_seen_at.getTime()).toBeGreaterThan(Date.now() - 30_000);
    await t.sql.query(
      `UPDATE auth_session SET last_seen_at = now() - interval '${IDLE_S + 1} seconds' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [tokenOf(cookie)],
    );
    expect((await me({ cookie })).status).toBe(401);
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it('ends an active session at its absolute expiry', async () => {
    const cookie = await sessionOf(base, ADMIN.username, ADMIN.password);
    await t.sql.query(
      `UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [tokenOf(cookie)],
    );
    const reply = await me({ cookie });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('sweeps expired sessions', async () => {
    const cookie = await sessionOf(base, ADMIN.username, ADMIN.password);
    await t.sql.query(
      `UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [tokenOf(cookie)],
    );
    const { AuthSweeper } = await import('../../apps/server/src/auth/auth-sweeper');
    await t.server.app.get(AuthSweeper).sweep();
    expect(await sessionRow(cookie)).toBeUndefined();
  });
});

describe('CSRF: state-changing requests', () => {
  const newUser = () => ({
    username: `csrf-${randomUUID().slice(0, 8)}`,
    displayName: 'X',
    roles: ['policymaker'],
    password: 'a-long-password-1',
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another site (no Sec-Fetch-Site, older browser)', { origin: 'https://evil.example' }],
  ])('refuses a cookie-authenticated POST with %s: 403 in the one error shape, with the security headers', async (_what, headers) => {
    const reply = await call(base, 'POST', '/api/v1/admin/users', { body: newUser(), headers: { cookie: admin, ...headers } });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual(errorShape(403, 'forbidden'));
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a cross-site login (login CSRF) and logout', async () => {
    expect((await logIn(base, ADMIN.username, ADMIN.password, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call(base, 'POST', '/api/v1/auth/logout', { headers: { cookie: admin, 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
    expect((await me({ cookie: admin })).status).toBe(200);
  });

  it('lets through the same request from the page itself, and from a client that is not a browser', async () => {
    expect(
      (await call(base, 'POST', '/api/v1/admin/users', { body: newUser(), headers: { cookie: admin, 'sec-fetch-site': 'same-origin' } }))
        .status,
    ).toBe(201);
    expect((await call(base, 'POST', '/api/v1/admin/users', { body: newUser(), headers: { cookie: admin, origin: base } })).status).toBe(
      201,
    );
    expect((await call(base, 'POST', '/api/v1/admin/users', { body: newUser(), headers: { cookie: admin } })).status).toBe(201);
  });

  it('lets a bearer-token request through even when a browser calls it cross-site (it cannot be forged)', async () => {
    const reply = await call(base, 'POST', '/api/v1/ratings', {
      body: rating(),
      token: TOKENS.gnv,
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' },
    });
    expect(reply.status).toBe(201);
    const service = await call(base, 'POST', '/api/v1/admin/credentials', {
      body: { kind: 'driver', driverId: 'D-07' },
      token: 'admin-dev-token',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(service.status).toBe(201);
  });

  it('lets GET through cross-site (safe methods change nothing)', async () => {
    expect((await call(base, 'GET', '/api/v1/admin/users', { headers: { cookie: admin, 'sec-fetch-site': 'cross-site' } })).status).toBe(
      200,
    );
  });
});

describe('login throttling (per username and per address, in PostgreSQL)', () => {
  it('after 5 failures for a username, refuses it with 429 + Retry-After, even with the right password and from another address', async () => {
    const user = await createUser(base, admin, `throttled-${randomUUID().slice(0, 6)}`, ['policymaker']);
    for (let i = 0; i < 5; i++) {
      expect((await logIn(base, user.username, 'wrong-password-x', { 'x-forwarded-for': `10.2.0.${i + 1}` })).status).toBe(401);
    }
    const refused = await logIn(base, user.username, user.password, { 'x-forwarded-for': '10.2.0.99' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(errorShape(429, 'rate_limited'));
    const retryAfter = Number(refused.headers.get('retry-after'));
    // The bucket refills one attempt per window / limit (900 s / 5).
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(180);
    expect(refused.cookie).toBeNull();
  });

  it('counts only failures: a success empties the username record', async () => {
    const user = await createUser(base, admin, `forgetful-${randomUUID().slice(0, 6)}`, ['policymaker']);
    const from = { 'x-forwarded-for': '10.3.0.1' };
    for (let i = 0; i < 4; i++) expect((await logIn(base, user.username, 'wrong-password-x', from)).status).toBe(401);
    expect((await logIn(base, user.username, user.password, from)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await logIn(base, user.username, 'wrong-password-x', from)).status).toBe(401);
    expect((await logIn(base, user.username, user.password, from)).status).toBe(200);
  });

  it('after 20 failures from one address, refuses it whatever the username, and not the other addresses', async () => {
    const from = { 'x-forwarded-for': '10.4.0.1' };
    for (let i = 0; i < 20; i++) expect((await logIn(base, `guess-${i}`, 'wrong-password-x', from)).status).toBe(401);
    const refused = await logIn(base, ADMIN.username, ADMIN.password, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await logIn(base, ADMIN.username, ADMIN.password, { 'x-forwarded-for': '10.4.0.2' })).status).toBe(200);
  });

  it('the shared limiter never lets more through than its limit, even in parallel', async () => {
    const limiter = t.server.app.get(PgRateLimiter);
    const rule = { name: `test-${randomUUID()}`, limit: 5, windowSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 12 }, () => limiter.take(rule, 'k')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.find((d) => !d.allowed)!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(decisions.find((d) => !d.allowed)!.retryAfterSeconds).toBeLessThanOrEqual(12);
    await limiter.refund(rule, 'k');
    expect((await limiter.take(rule, 'k')).allowed).toBe(true);
    expect((await limiter.take(rule, 'k')).allowed).toBe(false);
    await limiter.reset(rule, 'k');
    expect((await limiter.take(rule, 'k')).allowed).toBe(true);
  });
});

describe('security headers on every response', () => {
  it.each([
    ['a JSON answer', '/health'],
    ['a JSON error (404)', '/api/v1/no-such-route'],
    ['a JSON error (401)', '/api/v1/auth/me'],
  ])('%s carries the Helmet defaults', async (_what, path) => {
    const reply = await call(base, 'GET', path);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const h = reply.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(h.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    expect(h.get('x-powered-by')).toBeNull();
  });

  it('keeps the pages’ own strict CSP', async () => {
    const page = await call(base, 'GET', '/driver');
    expect(page.headers.get('content-security-policy')).toMatch(/worker-src 'self'.*base-uri 'none'/);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});

describe('admin API: users', () => {
  it('refuses everyone but admins', async () => {
    const engineer = await createUser(base, admin, `eng-${randomUUID().slice(0, 6)}`, ['engineer']);
    const engineerCookie = await sessionOf(base, engineer.username, engineer.password);
    const callers: Array<Record<string, string>> = [
      { cookie: engineerCookie },
      { authorization: 'Bearer engineer-dev-token' },
      { authorization: `Bearer ${TOKENS.gnv}` },
    ];
    for (const headers of callers) {
      const reply = await call(base, 'GET', '/api/v1/admin/users', { headers });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual(errorShape(403, 'forbidden'));
      expect(
        (await call(base, 'POST', '/api/v1/admin/credentials', { body: { kind: 'tablet', vehicleId: 'GNV-01' }, headers })).status,
      ).toBe(403);
    }
    expect((await call(base, 'GET', '/api/v1/admin/users')).status).toBe(401);
    expect((await call(base, 'GET', '/api/v1/admin/users', { headers: { cookie: admin } })).status).toBe(200);
  });

  it('admin does not imply engineer: an admin-only account cannot read individual ratings', async () => {
    const keeper = await createUser(base, admin, `keeper-${randomUUID().slice(0, 6)}`, ['admin']);
    const cookie = await sessionOf(base, keeper.username, keeper.password);
    expect((await call(base, 'GET', '/api/v1/ratings', { headers: { cookie } })).status).toBe(403);
    expect((await call(base, 'GET', '/api/v1/ratings', { token: 'admin-dev-token' })).status).toBe(403);
    expect((await call(base, 'GET', '/api/v1/ratings', { headers: { cookie: admin } })).status).toBe(200);
  });

  it('creates a user (username taken → 409), and never answers a password hash', async () => {
    const user = await createUser(base, admin, `Pat-${randomUUID().slice(0, 6)}`, ['policymaker', 'engineer']);
    expect(user.username).toBe(user.username.toLowerCase());
    expect(JSON.stringify(user)).not.toMatch(/argon2|password_hash/);
    const again = await call(base, 'POST', '/api/v1/admin/users', {
      body: { username: user.username, displayName: 'x', roles: ['engineer'], password: 'another-password-1' },
      headers: { cookie: admin },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('username_taken');
    const row = (await t.sql.query('SELECT password_hash FROM app_user WHERE id = $1', [user.id])).rows[0];
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
  });

  it.each([
    ['a password shorter than 12 characters', { password: 'short-pw' }, 'password'],
    ['an unknown role', { roles: ['superuser'] }, 'roles.0'],
    ['no role', { roles: [] }, 'roles'],
    ['a username with spaces', { username: 'two words' }, 'username'],
  ])('refuses %s (400)', async (_what, patch, path) => {
    const body = {
      username: `u-${randomUUID().slice(0, 6)}`,
      displayName: 'U',
      roles: ['engineer'],
      password: 'long-enough-password',
      ...patch,
    };
    const reply = await call(base, 'POST', '/api/v1/admin/users', { body, headers: { cookie: admin } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('changes roles at once, and disabling ends the sessions at once', async () => {
    const user = await createUser(base, admin, `mover-${randomUUID().slice(0, 6)}`, ['policymaker']);
    const cookie = await sessionOf(base, user.username, user.password);
    expect((await call(base, 'GET', '/api/v1/ratings', { headers: { cookie } })).status).toBe(403);
    const promoted = await call(base, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      body: { roles: ['engineer'] },
      headers: { cookie: admin },
    });
    expect(promoted.body.roles).toEqual(['engineer']);
    expect((await call(base, 'GET', '/api/v1/ratings', { headers: { cookie } })).status).toBe(200);
    expect(
      (await call(base, 'PATCH', `/api/v1/admin/users/${user.id}`, { body: { disabled: true }, headers: { cookie: admin } })).body.disabled,
    ).toBe(true);
    expect((await me({ cookie })).status).toBe(401);
    expect((await logIn(base, user.username, user.password)).body.code).toBe('invalid_credentials');
  });

  it('resets a password: the old one and the old sessions stop working', async () => {
    const user = await createUser(base, admin, `reset-${randomUUID().slice(0, 6)}`, ['engineer']);
    const cookie = await sessionOf(base, user.username, user.password);
    const reset = await call(base, 'POST', `/api/v1/admin/users/${user.id}/password`, {
      body: { password: 'a-brand-new-password' },
      headers: { cookie: admin },
    });
    expect(reset.status).toBe(204);
    expect((await me({ cookie })).status).toBe(401);
    expect((await logIn(base, user.username, user.password)).status).toBe(401);
    expect((await logIn(base, user.username, 'a-brand-new-password')).status).toBe(200);
  });

  it('never leaves the deployment without an enabled admin (409 last_admin)', async () => {
    const users = (await call(base, 'GET', '/api/v1/admin/users', { headers: { cookie: admin } })).body as Array<{
      id: string;
      username: string;
      roles: string[];
      disabled: boolean;
    }>;
    for (const other of users.filter((u) => u.username !== 'admin' && u.roles.includes('admin') && !u.disabled)) {
      await call(base, 'PATCH', `/api/v1/admin/users/${other.id}`, { body: { disabled: true }, headers: { cookie: admin } });
    }
    const first = users.find((u) => u.username === 'admin')!;
    for (const body of [{ disabled: true }, { roles: ['engineer'] }]) {
      const reply = await call(base, 'PATCH', `/api/v1/admin/users/${first.id}`, { body, headers: { cookie: admin } });
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('last_admin');
    }
    expect(
      (await call(base, 'PATCH', `/api/v1/admin/users/${randomUUID()}`, { body: { disabled: true }, headers: { cookie: admin } })).status,
    ).toBe(404);
    expect(
      (await call(base, 'PATCH', '/api/v1/admin/users/not-a-uuid', { body: { disabled: true }, headers: { cookie: admin } })).status,
    ).toBe(400);
  });
});

describe('admin API: tablet tokens, driver codes, API tokens', () => {
  it('a new tablet token works at once without a restart, is shown once, and a revoked one is refused on the next request', async () => {
    const created = await createCredential(base, admin, { kind: 'tablet', vehicleId: 'GNV-01', label: 'front door' });
    expect(created.secret).toMatch(/^tab_[A-Za-z0-9_-]{43}$/);
    expect(created.credential).toMatchObject({
      kind: 'tablet',
      vehicleId: 'GNV-01',
      label: 'front door',
      origin: 'admin',
      revokedAt: null,
      tabletId: expect.stringMatching(/^GNV-01\/[0-9a-f]{10}$/),
    });
    const listed = (await call(base, 'GET', '/api/v1/admin/credentials?kind=tablet', { headers: { cookie: admin } })).body as unknown[];
    expect(listed).toContainEqual(created.credential);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const first = await call(base, 'POST', '/api/v1/ratings', { body: rating(), token: created.secret });
    expect(first.status).toBe(201);
    const stored = (await t.sql.query('SELECT tablet_id FROM rating WHERE id = $1', [(first.body as { id: string }).id])).rows[0];
    expect(stored.tablet_id).toBe(created.credential.tabletId);

    const revoked = await call(base, 'DELETE', `/api/v1/admin/credentials/${created.credential.id}`, { headers: { cookie: admin } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const next = await call(base, 'POST', '/api/v1/ratings', { body: rating(), token: created.secret });
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('unauthorized');
    expect(
      (
        (await call(base, 'GET', '/api/v1/admin/credentials?revoked=true', { headers: { cookie: admin } })).body as Array<{ id: string }>
      ).map((c) => c.id),
    ).toContain(created.credential.id);
    // A second revocation keeps the first one's time.
    expect(
      (await call(base, 'DELETE', `/api/v1/admin/credentials/${created.credential.id}`, { headers: { cookie: admin } })).body.revokedAt,
    ).toBe(revoked.body.revokedAt);
  });

  it('a driver code is bound to its driver and revocable at once', async () => {
    const created = await createCredential(base, admin, { kind: 'driver', driverId: 'D-05' });
    expect(created.secret).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(
      (await call(base, 'POST', '/api/v1/driver-questionnaires', { body: questionnaire({ driverId: 'D-05' }), token: created.secret }))
        .status,
    ).toBe(201);
    expect(
      (await call(base, 'POST', '/api/v1/driver-questionnaires', { body: questionnaire({ driverId: 'D-01' }), token: created.secret })).body
        .code,
    ).toBe('driver_mismatch');
    await call(base, 'DELETE', `/api/v1/admin/credentials/${created.credential.id}`, { headers: { cookie: admin } });
    expect(
      (await call(base, 'POST', '/api/v1/driver-questionnaires', { body: questionnaire({ driverId: 'D-05' }), token: created.secret }))
        .status,
    ).toBe(401);
  });

  it('an API token carries one role', async () => {
    const created = await createCredential(base, admin, { kind: 'service', role: 'policymaker', label: 'reporting script' });
    expect(created.secret).toMatch(/^svc_/);
    expect((await me({ authorization: `Bearer ${created.secret}` })).body).toMatchObject({
      kind: 'service',
      roles: ['policymaker'],
      user: null,
    });
    expect((await call(base, 'GET', '/api/v1/ratings', { token: created.secret })).status).toBe(403);
  });

  it('refuses a tablet token for a coach that is not in the trial', async () => {
    const reply = await call(base, 'POST', '/api/v1/admin/credentials', {
      body: { kind: 'tablet', vehicleId: 'XXX-99' },
      headers: { cookie: admin },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('unknown_vehicle');
  });

  it('imported the environment’s tokens as seeds; a revoked seed stays revoked when start-up imports again', async () => {
    const seeds = (await call(base, 'GET', '/api/v1/admin/credentials', { headers: { cookie: admin } })).body as Array<{
      id: string;
      origin: string;
      label: string;
      vehicleId: string | null;
    }>;
    const dsl = seeds.find((c) => c.origin === 'config' && c.vehicleId === 'DSL-01')!;
    expect(dsl.label).toBe('TABLET_TOKENS DSL-01');
    expect((await call(base, 'POST', '/api/v1/ratings', { body: rating({ vehicleId: 'DSL-01' }), token: TOKENS.dsl })).status).toBe(201);
    await call(base, 'DELETE', `/api/v1/admin/credentials/${dsl.id}`, { headers: { cookie: admin } });
    expect((await call(base, 'POST', '/api/v1/ratings', { body: rating({ vehicleId: 'DSL-01' }), token: TOKENS.dsl })).status).toBe(401);
    await t.server.app.get(AuthSeeder).onModuleInit();
    expect((await call(base, 'POST', '/api/v1/ratings', { body: rating({ vehicleId: 'DSL-01' }), token: TOKENS.dsl })).status).toBe(401);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM api_credential WHERE label = 'TABLET_TOKENS DSL-01'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('production configuration', () => {
  const start = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'apps/server/src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        MQTT_PASSWORD: 'broker-secret-x',
        FLEET_CREDENTIALS: 'GNV-01:unit-secret-x',
        PSEUDONYM_SECRET: 'p'.repeat(40),
        ...env,
      },
      timeout: 120_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it.each([
    ['without ADMIN_PASSWORD', {}, /ADMIN_PASSWORD: must be set in production/],
    ['with a short one', { ADMIN_PASSWORD: 'too-short' }, /ADMIN_PASSWORD: Too small/],
    ['with the development one', { ADMIN_PASSWORD: 'trial-admin-dev' }, /ADMIN_PASSWORD: a development default/],
  ])('the server refuses to start %s, naming the variable and not the value', async (_what, env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    if ('ADMIN_PASSWORD' in env) expect(stderr).not.toContain(env.ADMIN_PASSWORD);
  });
});
