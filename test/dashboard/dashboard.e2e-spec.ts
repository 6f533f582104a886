/**
 * The engineers' dashboard in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core, no browser download) against the real server, broker and database. One
 * simulated service day of both coaches (2018-06-11) is written straight into the ingest tables
 * (bench/support/trial-data: the simulator's coaches in process, much faster than through MQTT on
 * a busy machine; the live test publishes over MQTT), passengers' ratings are posted through the
 * tablet API, and the rollups run.
 *
 * Until the login API exists, the browser sends the development engineer token as a bearer header
 * (playwright's extraHTTPHeaders) and the page, finding no /api/v1/auth/me, runs as an engineer.
 * The sign-in tests (marked "auth API") are written against the access-control contract —
 * POST /api/v1/auth/login {username,password} → 200 | 401 | 429, POST /api/v1/auth/logout,
 * GET /api/v1/auth/me — and skip themselves while that API answers 404; AUTH_SEED below names
 * the users they expect the server to be started with.
 *
 * Screenshots go to test-results/dashboard/ (1280×800 desktop, 1024×768 and 768×1024 tablet).
 * Without /usr/bin/chromium these tests are skipped, unless CI=true, where that is a failure.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopById } from '@app/data';
import { randomUUID } from 'node:crypto';
import { openDataSource } from '../../apps/server/src/database/data-source';
import { writeTrial } from '../../bench/support/trial-data';
import { line101 } from '../../apps/web/src/dashboard/lib/line-geometry';
import { eventually, startTestServer, type TestServer } from '../support/app';
import { encode, telemetry } from '../support/messages';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const SHOTS = resolve('test-results/dashboard');
const AXE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
const DATE = '2018-06-11';
const DESKTOP = { width: 1280, height: 800 };
const SIZES = [DESKTOP, { width: 1024, height: 768 }, { width: 768, height: 1024 }];
/** The development engineer token (test configuration), sent until the login API exists. */
const ENGINEER_BEARER = { Authorization: 'Bearer engineer-dev-token' };
/**
 * Users the sign-in tests log in as. ADAPT when the auth API lands: the environment that seeds
 * them (first admin from configuration, the others created through the admin API in beforeAll).
 */
const AUTH_SEED = {
  env: { AUTH_INITIAL_ADMIN_USERNAME: 'admin', AUTH_INITIAL_ADMIN_PASSWORD: 'dashboard-test-admin-password' },
  admin: { username: 'admin', password: 'dashboard-test-admin-password' },
  engineer: { username: 'eng-e2e', password: 'dashboard-test-engineer-password', role: 'engineer' },
  policymaker: { username: 'pol-e2e', password: 'dashboard-test-policymaker-password', role: 'policymaker' },
};

describe.runIf(!hasChromium && inCi)('browser prerequisites', () => {
  it('has Debian chromium at /usr/bin/chromium (required when CI=true)', () => {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get install chromium (browser tests cannot be skipped in CI)`);
  });
});

describe.skipIf(!hasChromium)(`engineers' dashboard in headless Chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not found)`}`, () => {
  let t: TestServer;
  let browser: Browser;
  let authApi = false;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer({ ANALYTICS_ROLLUP_INTERVAL_MS: '3600000', ...AUTH_SEED.env });
    const ds = await openDataSource(t.database.url, 1);
    try {
      expect((await writeTrial(ds, DATE, DATE)).telemetry).toBeGreaterThan(50_000);
    } finally {
      await ds.destroy();
    }
    await postRatings();
    const rollup = await fetch(`${t.server.httpUrl}/api/v1/analytics/rollups`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer admin-dev-token' }, body: '{}',
    });
    expect(rollup.status).toBe(200);
    authApi = (await fetch(`${t.server.httpUrl}/api/v1/auth/me`)).status !== 404;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.stop();
  });

  /** A rating every 20 min on each coach through the day, some with comments (one with markup, shown as text). */
  async function postRatings(): Promise<void> {
    for (const [vehicleId, token] of [['GNV-01', 'tablet-gnv-01-dev'], ['DSL-01', 'tablet-dsl-01-dev']]) {
      const ratings = Array.from({ length: 45 }, (_, i) => ({
        id: randomUUID(), vehicleId, answeredAt: new Date(Date.parse(`${DATE}T04:30:00Z`) + i * 20 * 60_000).toISOString(),
        language: 'fr', complete: true, overall: 1 + ((i * 7 + (vehicleId === 'GNV-01' ? 3 : 1)) % 5), smoothness: 1 + ((i * 3) % 5), noise: 1 + ((i * 2 + 1) % 5),
        ...(i % 9 === 0 ? { comment: i === 0 ? 'Chauffeur <b>très</b> aimable' : `Commentaire ${i}` } : {}),
      }));
      const res = await fetch(`${t.server.httpUrl}/api/v1/ratings/batch`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ ratings }),
      });
      expect(res.status).toBe(200);
    }
  }

  type Opened = { page: Page; context: BrowserContext; errors: string[] };

  /** A page as the engineer (bearer header until the login exists); bypassCSP only so that axe-core can be injected. */
  async function open(path: string, viewport = DESKTOP, headers: Record<string, string> = ENGINEER_BEARER): Promise<Opened> {
    const context = await browser.newContext({ viewport, bypassCSP: true, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true, extraHTTPHeaders: headers });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // 404s of the APIs being built beside the dashboard (auth/me, alerts) are expected for now.
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
    await page.goto(`${t.server.httpUrl}${path}`);
    return { page, context, errors };
  }

  async function axe(page: Page, what: string): Promise<void> {
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    const blocking = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, `${what}: ${JSON.stringify(blocking, null, 1)}`).toEqual([]);
  }

  const shot = (page: Page, name: string, viewport = DESKTOP) => page.screenshot({ path: join(SHOTS, `${name}-${viewport.width}x${viewport.height}.png`), fullPage: true });
  const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

  /** Pixels of a canvas that are not blank (transparent or white). */
  const paintedPixels = (page: Page, selector: string) => page.$$eval(selector, (canvases) => (canvases as HTMLCanvasElement[]).map((c) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
    return n;
  }));

  it('redirects / to the dashboard, which is one page under a strict CSP, and keeps the tablet worker off it', async () => {
    const root = await fetch(`${t.server.httpUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard');
    for (const path of ['/dashboard', '/dashboard/live', '/dashboard/trips/GNV-01/x']) {
      const res = await fetch(`${t.server.httpUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toMatch(/\/assets\/dashboard-[A-Z0-9]+\.js/);
    }
    const worker = await (await fetch(`${t.server.httpUrl}/sw/tablet.js`)).text();
    expect(worker).toMatch(/\/assets\/tablet-[A-Z0-9]+\.js/);
    expect(worker).not.toMatch(/dashboard/);
    expect((await fetch(`${t.server.httpUrl}/sw/nope.js`)).status).toBe(404);
  });

  it('the live page draws line 101 with both coaches, and a coach moves within 1 s of its telemetry being published', async () => {
    const { page, errors } = await open('/dashboard/live');
    await page.waitForSelector('.coach-card[data-vehicle="GNV-01"] [data-field="speed"]');
    await page.waitForSelector('.coach-card[data-vehicle="DSL-01"] [data-field="speed"]');
    await page.waitForFunction(() => document.body.getAttribute('data-live') === 'connected');
    expect(await page.locator('.line-diagram .stop').count()).toBe(2 * line101().stops.length);
    await shot(page, 'live-before');
    // A sample at Vendargues, after everything the simulator sent, 42 km/h.
    const stop = stopById('VEN-CEN');
    const unit = await t.connectVehicle('GNV-01');
    const sample = telemetry('GNV-01', 50_000_000, { ts: `${DATE}T20:30:00.000Z`, speedKmh: 42, pos: { lat: stop.lat, lon: stop.lon, headingDeg: 90, fix: true } });
    const expected = line101().stops.find((s) => s.id === 'VEN-CEN')!.distM;
    const published = Date.now();
    await unit.publishAsync('fleet/GNV-01/telemetry', encode(sample), { qos: 1 });
    const mark = page.locator('.line-diagram .coach[data-vehicle="GNV-01"]');
    await page.waitForFunction((d) => Math.abs(Number(document.querySelector('.line-diagram .coach[data-vehicle="GNV-01"]')?.getAttribute('data-dist-m')) - d) < 5, expected, { timeout: 10_000 });
    const movedAfterMs = Date.now() - published;
    expect(await page.textContent('.coach-card[data-vehicle="GNV-01"] [data-field="speed"]')).toBe('42 km/h');
    expect(await mark.getAttribute('visibility')).toBeNull();
    // Pushed, not polled: no reload, and the page made no request for it.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    // The push is asserted above; its latency is recorded, not asserted (the machine is shared).
    process.stdout.write(`dashboard e2e: GNV-01 moved on the live diagram ${movedAfterMs} ms after publish (target ≤ 1000 ms)\n`);
    await shot(page, 'live-after');
    await axe(page, 'live');
    expect(errors).toEqual([]);
  });

  it('the trips table sorts and filters, opens a trip with its delays per stop, and downloads its CSV from the API', async () => {
    const { page, errors } = await open(`/dashboard/trips?from=${DATE}&to=${DATE}`);
    await page.waitForSelector('table tbody tr a');
    const rows = await page.locator('tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(20);
    await page.click('button.sort[data-sort="km"]');
    expect(await page.getAttribute('th:has(button[data-sort="km"])', 'aria-sort')).toBe('ascending');
    await page.fill('input.filter', 'DSL-01');
    const filtered = await page.locator('tbody tr').allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(rows);
    expect(filtered.every((r) => r.includes('DSL-01'))).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-action="csv"]')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\n')[0]).toContain('vehicleId');
    expect(csv.trim().split('\n').length).toBe(rows + 1);
    await page.fill('input.filter', '');
    await page.locator('tbody tr a').first().click();
    await page.waitForSelector('main[data-page="trip"] h1');
    await page.waitForSelector('main[data-page="trip"] canvas');
    const delayRows = await page.locator('main[data-page="trip"] section:nth-of-type(2) tbody tr').count();
    const [, vehicleId, tripKey] = /\/dashboard\/trips\/([^/]+)\/([^/?]+)/.exec(page.url())!;
    const detail = await (await fetch(`${t.server.httpUrl}/api/v1/trips/${vehicleId}/${tripKey}`)).json() as { delaysS: number[] };
    expect(detail.delaysS.length).toBeGreaterThanOrEqual(10);
    expect(delayRows).toBe(detail.delaysS.length);
    await shot(page, 'trip');
    await axe(page, 'trip');
    expect(errors).toEqual([]);
  });

  it('the day view draws its charts (canvases not empty), decimated from 2,000 points, and saves a chart as PNG', async () => {
    const { page, errors } = await open(`/dashboard/day?vehicle=GNV-01&date=${DATE}`);
    await page.waitForSelector('figure.chart canvas');
    await page.waitForFunction(() => document.querySelectorAll('figure.chart canvas').length >= 6);
    await page.waitForTimeout(300); // one frame of layout after the last chart
    const painted = await paintedPixels(page, 'figure.chart canvas');
    expect(painted.length).toBeGreaterThanOrEqual(6);
    for (const n of painted) expect(n).toBeGreaterThan(2000);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('figure.chart [data-action="png"]').first().click()]);
    expect(png.suggestedFilename()).toMatch(/^day-GNV-01-2018-06-11-speed\.png$/);
    expect(readFileSync(await png.path()).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    await axe(page, 'day');
    expect(errors).toEqual([]);
  });

  it('shows passengers\' comments as text, never as markup', async () => {
    const { page, errors } = await open(`/dashboard/passengers?from=${DATE}&to=${DATE}`);
    await page.waitForSelector('text=Chauffeur <b>très</b> aimable');
    expect(await page.locator('main b').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('switches to English in one click and back, dates and numbers following', async () => {
    const { page } = await open('/dashboard/compare');
    await page.waitForSelector('main[data-page="compare"] section');
    expect(await page.textContent('h1')).toBe('Comparaison');
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Comparison');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('[data-lang="en"]', 'aria-pressed')).toBe('true');
    await page.click('[data-lang="fr"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Comparaison');
  });

  const PAGES = [
    { name: 'live', path: '/dashboard/live', ready: '.coach-card [data-field="speed"]' },
    { name: 'trips', path: `/dashboard/trips?from=${DATE}&to=${DATE}`, ready: 'tbody tr a' },
    { name: 'day', path: `/dashboard/day?vehicle=DSL-01&date=${DATE}`, ready: 'figure.chart canvas' },
    { name: 'compare', path: `/dashboard/compare?from=${DATE}&to=${DATE}`, ready: 'ul.verdicts li' },
    { name: 'passengers', path: `/dashboard/passengers?from=${DATE}&to=${DATE}`, ready: 'figure.chart canvas' },
    { name: 'quality', path: `/dashboard/quality?from=${DATE}&to=${DATE}`, ready: 'tbody tr td' },
    { name: 'alerts', path: '/dashboard/alerts', ready: 'main[data-page="alerts"] :is(.notice, table)' },
  ];
  for (const p of PAGES) {
    it(`${p.name}: no serious accessibility violation, fits desktop and tablet widths (screenshots)`, async () => {
      for (const size of SIZES) {
        const { page, errors, context } = await open(p.path, size);
        await page.waitForSelector(p.ready, { timeout: 30_000 });
        await page.waitForFunction(() => !document.querySelector('main .loading'), undefined, { timeout: 30_000 });
        expect(await overflowsSideways(page), `${p.name} at ${size.width}×${size.height} scrolls sideways`).toBe(false);
        await shot(page, p.name, size);
        if (size === DESKTOP) await axe(page, p.name);
        expect(errors).toEqual([]);
        await context.close();
      }
    });
  }

  it('the alerts page says alerts are not available while the alerts API is not deployed', async (ctx) => {
    if ((await fetch(`${t.server.httpUrl}/api/v1/alerts`, { headers: ENGINEER_BEARER })).status !== 404) ctx.skip();
    const { page } = await open('/dashboard/alerts');
    await page.waitForSelector('main .notice');
    expect(await page.textContent('main .notice')).toContain('pas encore disponible');
    expect(await page.isHidden('#alert-count')).toBe(true);
  });

  // ------------------------------------------------------------------ auth API (skip while it is missing)

  async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
    await page.fill('#login-username', who.username);
    await page.fill('#login-password', who.password);
    await page.click('.login-form button[type="submit"]');
  }

  async function seedUsers(): Promise<void> {
    // As the configured first admin, create the engineer and the policymaker (idempotent enough for one run).
    const login = await fetch(`${t.server.httpUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AUTH_SEED.admin) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    for (const u of [AUTH_SEED.engineer, AUTH_SEED.policymaker]) {
      const res = await fetch(`${t.server.httpUrl}/api/v1/admin/users`, {
        method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: t.server.httpUrl }, body: JSON.stringify(u),
      });
      expect([200, 201, 409]).toContain(res.status);
    }
  }

  it('auth API: signs in (wrong password refused in place), goes back to the page asked for, shows the name and role, and signs out', async (ctx) => {
    if (!authApi) ctx.skip();
    await seedUsers();
    const { page } = await open('/dashboard/trips', DESKTOP, {});
    await page.waitForURL(/\/dashboard\/login\?next=/);
    await signIn(page, { username: AUTH_SEED.engineer.username, password: 'wrong password' });
    await page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '') !== '');
    expect(page.url()).toContain('/dashboard/login');
    await shot(page, 'login-refused');
    await axe(page, 'login');
    await signIn(page, AUTH_SEED.engineer);
    await page.waitForURL(/\/dashboard\/trips$/);
    expect(await page.textContent('.user-name')).toBe(AUTH_SEED.engineer.username);
    expect(await page.getAttribute('.user-role', 'data-role')).toBe('engineer');
    await page.click('[data-action="logout"]');
    await page.waitForURL(/\/dashboard\/login/);
    expect((await page.context().request.get(`${t.server.httpUrl}/api/v1/auth/me`)).status()).toBe(401);
  });

  it('auth API: a policymaker sees only the summary pages and cannot open an engineer page (nor its API)', async (ctx) => {
    if (!authApi) ctx.skip();
    await seedUsers();
    const { page } = await open('/dashboard/login', DESKTOP, {});
    await signIn(page, AUTH_SEED.policymaker);
    await page.waitForURL(/\/dashboard\/compare$/);
    const nav = await page.locator('nav a').allTextContents();
    expect(nav.map((s) => s.trim())).toEqual(['Comparaison', 'Voyageurs', 'Qualité des données']);
    for (const path of ['/dashboard/live', '/dashboard/trips', '/dashboard/alerts', '/dashboard/admin']) {
      await page.goto(`${t.server.httpUrl}${path}`);
      await page.waitForSelector('main[data-forbidden="true"]');
    }
    await page.goto(`${t.server.httpUrl}/dashboard/passengers`);
    await page.waitForSelector('figure.chart canvas');
    expect(await page.locator('text=Commentaires').count()).toBe(0);
    expect((await page.context().request.get(`${t.server.httpUrl}/api/v1/ratings`)).status()).toBe(403);
    expect((await page.context().request.get(`${t.server.httpUrl}/api/v1/analytics/ratings/conditions`)).status()).toBe(403);
    await shot(page, 'policymaker-passengers');
  });
});
