/**
 * The experience report end to end (issue 11), against the real server, broker and database:
 * one simulated service day of both coaches (2018-06-11) written straight into the ingest tables
 * (bench/support/trial-data, as the dashboard tests do), passengers' ratings and drivers'
 * questionnaires posted through their APIs, the rollups run. Then:
 *  - every figure of the stored model equals the analytics API's figure for the same period (both read);
 *  - the PDF has its sections where its table of contents says, "page X sur Y" footers, and no
 *    blank page (pdftoppm; the pages are also written to test-results/report-api/ to look at);
 *  - French and English carry the same figures; two builds from unchanged data are byte-identical;
 *  - a period with missing data still gives a report that says what is missing;
 *  - who may list, download and generate (tablet, driver, anonymous and a bare admin refused);
 *  - the schedule makes the nightly interim report once;
 *  - comments are printed with their personal data removed;
 *  - in Chromium: /decouvrir without login at projector (1920×1080, 1024×768) and tablet sizes, under
 *    its CSP, with axe-core; the downloaded HTML; the dashboard's Rapports page for both roles.
 * Screenshots in test-results/report-api/browser/.
 * Without poppler-utils the PDF tests skip, unless CI=true, where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, hasChromium, launchChromium, overflowsSideways, requireChromiumInCi } from '../support/browser';
import { reportTranslator, type ReportModel } from '@app/report';
import { openDataSource } from '../../apps/server/src/database/data-source';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { openReportContext } from '../../apps/server/src/reports/report-context';
import { ReportScheduleService } from '../../apps/server/src/reports/report-schedule.service';
import { writeTrial } from '../../bench/support/trial-data';
import { sortedNumbers } from '../../libs/report/test-support/numbers';
import { pdfPageTexts } from '../../libs/report/test-support/pdf-text';
import { startTestServer, type TestServer } from '../support/app';
import { ADMIN, createUser, sessionOf } from '../auth/support';
import { call, questionnaire } from '../feedback/support';

const DATE = '2018-06-11';
const PERIOD = { from: DATE, to: DATE };
const ENGINEER = 'engineer-dev-token';
const hasPoppler = ['/usr/bin/pdftotext', '/usr/bin/pdftoppm', '/usr/bin/pdfinfo'].every((p) => existsSync(p));
const inCi = process.env.CI === 'true';
const OUT = resolve('test-results/report-api');
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u200b]+/g, ' ').trim();
/** The API sends null where a figure cannot be computed; the model too. */
const same = (a: unknown, b: unknown) => expect(a ?? null).toEqual(b ?? null);

let t: TestServer;
let base: string;
let policymaker: string;
let admin: string;
const versions: Record<string, { id: string; pdfSha256: string; htmlSha256: string }> = {};
const files: Record<string, string> = {};

async function generate(body: Record<string, unknown>, token = ENGINEER) {
  return call(base, 'POST', '/api/v1/reports', { token, body });
}

async function modelOf(id: string): Promise<ReportModel> {
  const { rows } = await t.sql.query('SELECT model FROM report_version WHERE id = $1', [id]);
  return rows[0].model as ReportModel;
}

async function api<T = any>(path: string): Promise<T> {
  const r = await call<T>(base, 'GET', path, { token: ENGINEER });
  expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200);
  return r.body;
}

async function download(
  id: string,
  format: 'pdf' | 'html',
  auth: { token?: string; headers?: Record<string, string> } = { token: ENGINEER },
) {
  const res = await fetch(`${base}/api/v1/reports/${id}.${format}`, {
    headers: { ...(auth.headers ?? {}), ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}) },
  });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** Ratings every 20 minutes on both coaches; a few with comments, some carrying personal data. */
async function postRatings(): Promise<void> {
  const comments = [
    'Très agréable, le car est silencieux et propre.',
    'Le chauffeur Marc était très aimable, appelez-moi au 06 12 34 56 78.',
    'Trop chaud au fond du car cet après-midi.',
    'Écrivez-moi à jeanne.dupont@example.org pour le questionnaire.',
    'Le bus AB-123-CD est arrivé en retard à Sablassou.',
    'Secousses fortes en sortie de Vendargues.',
  ];
  for (const [vehicleId, token, shift] of [
    ['GNV-01', 'tablet-gnv-01-dev', 3],
    ['DSL-01', 'tablet-dsl-01-dev', 1],
  ] as const) {
    const ratings = Array.from({ length: 45 }, (_, i) => ({
      id: randomUUID(),
      vehicleId,
      answeredAt: new Date(Date.parse(`${DATE}T04:30:00Z`) + i * 20 * 60_000).toISOString(),
      language: 'fr',
      complete: i % 11 !== 5,
      overall: 1 + ((i * 7 + shift) % 5),
      smoothness: 1 + ((i * 3) % 5),
      noise: 1 + ((i * 2 + 1) % 5),
      ...(i % 11 !== 5 ? { temperature: 1 + ((i + shift) % 5), seat: 1 + ((i * 4 + shift) % 5) } : {}),
      ...(i % 7 === 0 ? { comment: comments[(i / 7) % comments.length] } : {}),
    }));
    const r = await call(base, 'POST', '/api/v1/ratings/batch', { token, body: { ratings } });
    expect(r.status, r.text).toBe(200);
  }
}

/** Five questionnaires for GNV-01 (published as aggregates), three for DSL-01 (too few: withheld). */
async function postQuestionnaires(): Promise<void> {
  const submit = async (n: number, vehicleId: string) => {
    const r = await call(base, 'POST', '/api/v1/driver-questionnaires', {
      token: `driver-0${n}-dev`,
      body: questionnaire({
        driverId: `D-0${n}`,
        vehicleId,
        shiftDate: DATE,
        answeredAt: `${DATE}T19:0${n}:00.000Z`,
        seat: 1 + (n % 5),
        cabNoise: 5 - (n % 3),
      }),
    });
    expect(r.status, r.text).toBe(201);
  };
  for (const n of [1, 2, 3, 4, 5]) await submit(n, 'GNV-01');
  for (const n of [6, 7, 8]) await submit(n, 'DSL-01');
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  t = await startTestServer({
    ANALYTICS_ROLLUP_INTERVAL_MS: '3600000',
    REPORTS_SCHEDULE_INTERVAL_MS: '3600000',
    FEEDBACK_CONTEXT_INTERVAL_MS: '3600000',
  });
  base = t.server.httpUrl;
  const ds = await openDataSource(t.database.url, 1);
  try {
    expect((await writeTrial(ds, DATE, DATE)).telemetry).toBeGreaterThan(50_000);
  } finally {
    await ds.destroy();
  }
  await postRatings();
  await postQuestionnaires();
  const rollup = await call(base, 'POST', '/api/v1/analytics/rollups', { token: 'admin-dev-token', body: {} });
  expect(rollup.status, rollup.text).toBe(200);
  admin = await sessionOf(base, ADMIN.username, ADMIN.password);
  const user = await createUser(base, admin, 'report-reader', ['policymaker']);
  policymaker = await sessionOf(base, user.username, user.password);
  const bareAdmin = await createUser(base, admin, 'report-admin', ['admin']);
  admin = await sessionOf(base, bareAdmin.username, bareAdmin.password);

  for (const lang of ['fr', 'en'] as const) {
    const r = await generate({ ...PERIOD, lang, kind: 'final' });
    expect(r.status, r.text).toBe(201);
    versions[lang] = r.body.version;
    // Kept beside the files, to look at (and to render again when a renderer changes).
    if (lang === 'fr') writeFileSync(join(OUT, 'model.json'), JSON.stringify(await modelOf(r.body.version.id), null, 1));
    const pdf = await download(r.body.version.id, 'pdf');
    files[`${lang}.pdf`] = join(OUT, `report-${lang}.pdf`);
    writeFileSync(files[`${lang}.pdf`], pdf.body);
    const html = await download(r.body.version.id, 'html');
    files[`${lang}.html`] = join(OUT, `report-${lang}.html`);
    writeFileSync(files[`${lang}.html`], html.body);
  }
}, 600_000);

afterAll(async () => {
  await t?.stop();
});

describe('the report model', () => {
  let m: ReportModel;
  const q = `from=${PERIOD.from}&to=${PERIOD.to}`;
  beforeAll(async () => {
    m = await modelOf(versions.fr.id);
  });

  it('is the one model of both languages, dated by its data, with its versions', async () => {
    const en = await modelOf(versions.en.id);
    expect(en).toEqual(m);
    expect(m.kind).toBe('final');
    expect(m.period).toEqual({ ...PERIOD, serviceDates: [DATE] });
    expect(Date.parse(m.asOf)).toBeGreaterThan(Date.parse(`${DATE}T14:00:00Z`));
    expect(Date.parse(m.asOf)).toBeLessThan(Date.parse(`${DATE}T23:00:00Z`));
    expect(m.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(versions.fr).toMatchObject({ dataHash: m.dataHash, codeVersion: m.codeVersion, modelVersion: m.modelVersion });
  });

  it('has the comparison of GET /api/v1/comparison, row by row', async () => {
    const rows = await api<any[]>(`/api/v1/comparison?${q}&candidate=GNV-01&reference=DSL-01&iterations=2000&seed=2018&confidence=0.95`);
    expect(rows.length).toBe(Object.values(m.criteria).reduce((s, c) => s + c.comparisons.length, 0));
    for (const r of rows) {
      const mine = m.criteria[r.criterion as keyof ReportModel['criteria']].comparisons.find((x) => x.metric === r.metric)!;
      expect(mine, r.metric).toBeDefined();
      for (const side of ['candidate', 'reference'] as const) {
        same(mine[side].mean, r[side].mean);
        expect(mine[side].n).toBe(r[side].n);
      }
      for (const k of ['difference', 'relativeDifference', 'low', 'high'] as const) same(mine[k], r[k]);
      expect(mine.significant).toBe(r.significant);
    }
    expect(m.criteria.fuel_range.comparisons[0].candidate.n).toBeGreaterThanOrEqual(10);
  });

  it('has the KPIs of GET /api/v1/kpis per vehicle, per day and by outside temperature, and their CO2', async () => {
    const totals = await api<any[]>(`/api/v1/kpis?${q}&groupBy=vehicle&scope=service`);
    expect(m.totals.map((x) => x.vehicleId).sort()).toEqual(totals.map((x) => x.vehicleId).sort());
    for (const g of totals) {
      const mine = m.totals.find((x) => x.vehicleId === g.vehicleId)!;
      const k = g.kpis;
      expect(mine.trips).toBe(k.trips);
      same(mine.distanceKm, k.distanceKm);
      same(mine.fuelUsed, k.fuel.used);
      same(mine.per100km, k.fuel.per100km);
      same(mine.mjPerKm, k.fuel.mjPerKm);
      same(mine.costEurPerKm, k.fuel.costEurPerKm);
      same(mine.idleShare, k.idleShare);
      expect(mine.passengersBoarded).toBe(k.passengersBoarded);
      same(mine.meanAmbientTempC, k.meanAmbientTempC);
      same(mine.seat.av, k.driverComfort.av);
      same(mine.seat.awz, k.driverComfort.awz);
      same(mine.seat.vdvz, k.driverComfort.vdvz);
      same(mine.cabNoiseLeqDbA, k.driverComfort.cabNoiseLeqDbA);
      same(mine.harshPer100km, k.driverComfort.harshPer100km);
      same(mine.floor.av, k.passengerComfort.av);
      same(mine.cabinNoiseLeqDbA, k.passengerComfort.cabinNoiseLeqDbA);
      same(mine.cabinTempOkShare, k.passengerComfort.cabinTempOkShare);
      same(mine.cabinCo2OkShare, k.passengerComfort.cabinCo2OkShare);
      same(mine.accelEventsPer100km, k.passengerComfort.accelEventsPer100km);
      for (const [c, v] of Object.entries(k.driverComfort.classShares))
        same(mine.seat.classShares[c as keyof typeof mine.seat.classShares], v);
    }
    const byId = (id: string) => totals.find((g) => g.vehicleId === id).kpis;
    const co2 = (scope: string, fuel: string) => m.co2.rows.find((r) => r.scope === scope && r.fuel === fuel)!.kgPerKm;
    same(co2('ttw', 'diesel'), byId('DSL-01').fuel.co2TtwKgPerKm);
    same(co2('wtw', 'diesel'), byId('DSL-01').fuel.co2WtwKgPerKm.diesel);
    same(co2('ttw', 'cng'), byId('GNV-01').fuel.co2TtwKgPerKm);
    same(co2('wtw', 'fossil_cng'), byId('GNV-01').fuel.co2WtwKgPerKm.fossilCng);
    same(co2('wtw', 'bio_cng'), byId('GNV-01').fuel.co2WtwKgPerKm.bioCng);
    same(co2('wtw', 'french_mix_2018'), byId('GNV-01').fuel.co2WtwKgPerKm.frenchMix2018);
    same(m.co2.candidateKm, byId('GNV-01').distanceKm);

    const days = await api<any[]>(`/api/v1/kpis?${q}&groupBy=day&scope=operation`);
    expect(m.daily.length).toBe(days.length);
    for (const g of days) {
      const mine = m.daily.find((d) => d.vehicleId === g.vehicleId && d.date === g.key.serviceDate)!;
      expect(mine.trips).toBe(g.kpis.trips);
      same(mine.distanceKm, g.kpis.distanceKm);
      same(mine.fuelUsed, g.kpis.fuel.used);
      same(mine.per100km, g.kpis.fuel.per100km);
      same(mine.seatAv, g.kpis.driverComfort.av);
      same(mine.floorAv, g.kpis.passengerComfort.av);
      same(mine.meanAmbientTempC, g.kpis.meanAmbientTempC);
    }

    const ambient = (await api<any[]>(`/api/v1/kpis?${q}&groupBy=ambient&scope=service`)).filter((g) => g.key.ambient !== 'no data');
    expect(m.efficiency.byAmbient.length).toBe(ambient.length);
    for (const g of ambient) {
      const mine = m.efficiency.byAmbient.find((b) => b.vehicleId === g.vehicleId && g.key.ambient.includes(String(b.fromC)))!;
      expect(mine.trips).toBe(g.kpis.trips);
      same(mine.per100km, g.kpis.fuel.per100km);
      same(mine.mjPerKm, g.kpis.fuel.mjPerKm);
    }
  });

  it('has the fuel range, refuels and remaining-range model of the fuel-range, refuels and vehicles queries', async () => {
    const ranges = await api<any[]>(`/api/v1/fuel-range?${q}`);
    for (const r of ranges) {
      const mine = m.fuelRange.perVehicle.find((v) => v.vehicleId === r.vehicleId)!;
      expect(mine.refuels).toBe(r.refuels);
      same(mine.refuelled, r.refuelled);
      expect(mine.kmPerTank).toEqual(r.kmPerTank.values);
      same(mine.meanKmPerTank, r.kmPerTank.mean);
      same(mine.daysPerTank, r.daysPerTank);
      expect(mine.byStatus).toEqual(expect.objectContaining(r.refuelsByStatus));
      const vehicle = r.vehicleId === 'GNV-01' ? m.vehicles.candidate : m.vehicles.reference;
      expect(vehicle.usableFullTank).toBe(r.usableFullTank);
    }
    const refuels = await api<any[]>(`/api/v1/refuels?${q}`);
    expect(m.fuelRange.refuels).toEqual(
      refuels.map((r) => ({ vehicleId: r.vehicleId, ts: r.ts, amount: r.amount, status: r.status, odometerKm: r.odometerKm })),
    );
    const vehicles = await api<any[]>('/api/v1/vehicles');
    for (const v of vehicles.filter((x) => x.latest)) {
      const mine = m.fuelRange.remainingRange.find((r) => r.vehicleId === v.id)!;
      same(mine.per100km, v.latest.range.per100km);
      expect(mine.basis).toBe(v.latest.range.basis);
      const full = v.id === 'GNV-01' ? m.vehicles.candidate.usableFullTank : m.vehicles.reference.usableFullTank;
      expect(mine.fullTankKm!).toBeCloseTo((full / v.latest.range.per100km) * 100, 9);
    }
  });

  it('has the data quality, sensor checks and dead letters of the data-quality queries', async () => {
    const rows = (await api<any[]>(`/api/v1/data-quality?${q}`)).filter((r) => r.telemetryRolledUp);
    expect(m.quality.days.length).toBe(rows.length);
    for (const r of rows) {
      const mine = m.quality.days.find((d) => d.vehicleId === r.vehicleId && d.date === r.serviceDate)!;
      same(mine.coverage, r.coverage);
      for (const k of [
        'receivedSeconds',
        'gaps',
        'gapSeconds',
        'maxGapS',
        'inferredTrips',
        'tripsWithoutEnd',
        'clockAnomalies',
        'fuelCounterResets',
        'fuelCounterGlitches',
        'duplicates',
        'deadLetters',
        'sensorChecks',
        'sensorFlags',
      ] as const)
        expect(mine[k], k).toBe(r[k]);
      expect(mine.fuelDisagreement).toBe(r.fuelDisagreement === true);
    }
    const checks = await api<any[]>(`/api/v1/sensor-checks?${q}`);
    expect(m.quality.days.reduce((s, d) => s + d.sensorChecks, 0)).toBe(checks.length);
    expect(m.quality.deadLettersByCode).toEqual(await api(`/api/v1/data-quality/dead-letters?${q}`));
  });

  it('has the passengers’ figures of the rating analytics, and the drivers’ as a policymaker sees them (aggregates of ≥ 5 only)', async () => {
    const summary = await api<any[]>(`/api/v1/analytics/ratings/summary?${q}`);
    for (const s of summary) {
      const mine = m.passengers.perVehicle.find((v) => v.vehicleId === s.vehicleId)!;
      expect(mine.ratings).toBe(s.ratings);
      expect(mine.ratings).toBe(45);
      expect(mine.passengersCarried).toBe(s.passengersCarried);
      same(mine.responseRate?.p, s.responseRate.p);
      for (const question of s.questions) {
        const mq = mine.questions.find((x) => x.question === question.question)!;
        expect(mq.n).toBe(question.n);
        expect(mq.knownMissing).toBe(s.ratings - question.n);
        same(mq.mean, question.mean);
        same(mq.csat?.p, question.csat.p);
        same(mq.csat?.low, question.csat.low);
        same(mq.csat?.high, question.csat.high);
        expect(mq.distribution).toEqual(question.distribution);
      }
    }
    const conditions = await api<any>(`/api/v1/analytics/ratings/conditions?${q}`);
    expect(m.passengers.conditions.windowMinutes).toBe(conditions.windowMinutes);
    for (const l of conditions.links) {
      const mine = m.passengers.conditions.links.find((x) => x.condition === l.condition)!;
      expect(mine.lowRatings.n).toBe(l.lowRatings.n);
      same(mine.lowRatings.mean, l.lowRatings.mean);
      expect(mine.highRatings.n).toBe(l.highRatings.n);
      same(mine.highRatings.mean, l.highRatings.mean);
      same(mine.difference, l.difference);
      same(mine.low, l.low);
      same(mine.high, l.high);
      expect(mine.significant).toBe(l.significant);
    }
    // Ratings by band of a condition: every rating with that condition measured, in equal-count bins.
    const field = {
      floor_av: 'floorAv',
      cabin_noise_leq: 'cabinNoiseLeqDbA',
      cabin_temp_c: 'cabinTempC',
      cabin_co2_ppm: 'cabinCo2Ppm',
    } as const;
    expect(m.passengers.conditions.bins.length).toBeGreaterThan(0);
    for (const c of Object.keys(field) as (keyof typeof field)[]) {
      const bins = m.passengers.conditions.bins.filter((b) => b.condition === c);
      if (bins.length)
        expect(
          bins.reduce((s, b) => s + b.n, 0),
          c,
        ).toBe(conditions.ratings.filter((r: any) => r.samples > 0 && typeof r[field[c]] === 'number').length);
    }

    const list = (await api<any>(`/api/v1/ratings?from=2018-06-10T22:00:00Z&to=2018-06-11T22:00:00Z&limit=1000`)).items as any[];
    expect(m.passengers.comments.total).toBe(list.filter((r) => r.comment).length);
    for (const v of m.passengers.perVehicle) expect(v.partial).toBe(list.filter((r) => r.vehicleId === v.vehicleId && !r.complete).length);

    const drivers = (await call<any[]>(base, 'GET', `/api/v1/analytics/ratings/drivers?${q}`, { headers: { cookie: policymaker } })).body;
    expect(drivers.map((d) => d.vehicleId)).toEqual(['DSL-01', 'GNV-01']);
    for (const d of drivers) {
      const mine = m.drivers.perVehicle.find((v) => v.vehicleId === d.vehicleId)!;
      expect(mine.questionnaires).toBe(d.questionnaires);
      expect(mine.drivers).toBe(d.drivers);
      for (const question of d.questions) {
        const mq = mine.questions.find((x) => x.question === question.question)!;
        expect(mq.n).toBe(question.n);
        same(mq.mean, question.mean);
        same(mq.topTwoBox?.p, question.topTwoBox.p);
      }
    }
    expect(m.drivers.perVehicle.find((v) => v.vehicleId === 'DSL-01')!.questions.every((x) => x.mean === null)).toBe(true);
    expect(m.drivers.perVehicle.find((v) => v.vehicleId === 'GNV-01')!.questions.every((x) => x.mean !== null)).toBe(true);
  });

  it('quotes comments with their personal data removed, and lists every query it used in annex B', () => {
    const texts = m.passengers.comments.selected.map((c) => c.text).join('\n');
    expect(m.passengers.comments.selected.length).toBeGreaterThan(2);
    expect(texts).not.toMatch(/06 12 34 56 78|jeanne\.dupont@example\.org|AB-123-CD|Marc/);
    const html = readFileSync(files['fr.html'], 'utf8');
    expect(html).not.toMatch(/06 12 34 56 78|jeanne\.dupont|AB-123-CD|chauffeur Marc/);
    const used = new Set(
      JSON.stringify(m)
        .match(/"q-[a-z0-9-]+"/g)!
        .map((s) => s.slice(1, -1)),
    );
    expect(m.queries.map((x) => x.id).sort()).toEqual([...used].sort());
  });
});

describe.runIf(!hasPoppler && inCi)('PDF prerequisites', () => {
  it('has poppler-utils (required when CI=true)', () => {
    throw new Error('pdftotext/pdftoppm/pdfinfo are missing: apt-get install -y poppler-utils');
  });
});

describe.skipIf(!hasPoppler)(`the stored PDF${hasPoppler ? '' : ' (SKIPPED: poppler-utils not installed)'}`, () => {
  const pages = (file: string): string[] =>
    execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);

  it('has its sections on the pages its table of contents gives, and "page X sur Y" footers', () => {
    const text = pages(files['fr.pdf']);
    const t = reportTranslator('fr');
    const titles = [
      'section.summary',
      'criterion.fuel_range',
      'criterion.efficiency',
      'criterion.driver_comfort',
      'criterion.passenger_comfort',
      'section.passengers',
      'section.drivers',
      'section.method',
      'section.missing',
      'section.recommendations',
      'section.sources',
      'section.queries',
    ].map((k) => norm(t(k as Parameters<typeof t>[0])));
    expect(norm(text[1])).toMatch(/^Sommaire/);
    const toc = text[1]
      .split('\n')
      .map((l) => l.match(/^\s*(\S.*?)\s{2,}(\d+)\s*$/))
      .filter((x): x is RegExpMatchArray => !!x)
      .filter((x) => !/page \d+ sur/.test(x[0]))
      .map((x) => ({ title: norm(x[1]), page: Number(x[2]) }));
    expect(toc.map((e) => e.title)).toEqual(titles);
    for (const { title, page } of toc) {
      const where = text.findIndex((p, i) => i > 1 && p.split('\n').some((l) => norm(l) === title)) + 1;
      expect(where, title).toBe(page);
    }
    text.forEach((p, i) => i > 0 && expect(norm(p), `page ${i + 1}`).toContain(`page ${i + 1} sur ${text.length}`));
    const info = execFileSync('pdfinfo', [files['fr.pdf']], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(Number(info.match(/Pages:\s+(\d+)/)![1])).toBe(text.length);
    expect(norm(text.join(' '))).toContain('Rapport final');
  });

  it('no page is blank (pdftoppm), and the pages are kept to be looked at', () => {
    const dir = join(OUT, 'pages');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-gray', '-r', '40', files['fr.pdf'], join(dir, 'p')]);
    const pgms = readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort();
    expect(pgms.length).toBe(pages(files['fr.pdf']).length);
    for (const f of pgms) {
      const buf = readFileSync(join(dir, f));
      // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
      const header = buf
        .subarray(0, 40)
        .toString('latin1')
        .match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
      const pixels = buf.subarray(header[0].length);
      let inked = 0;
      for (const p of pixels) if (p < 200) inked++;
      expect(inked / pixels.length, f).toBeGreaterThan(0.005);
    }
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', files['fr.pdf'], join(dir, 'look')]);
  });

  it('French and English carry the same figures (body pages, without the TOC, footers and annexes)', () => {
    const body = (file: string, footer: RegExp) => {
      const text = pdfPageTexts(file);
      const annexA = text.findIndex((p, i) => i > 1 && /^Annex(e)? A/m.test(p));
      return text
        .slice(2, annexA)
        .map((p) =>
          p
            .split('\n')
            .filter((l) => !footer.test(l))
            .join('\n'),
        )
        .join('\n');
    };
    expect(sortedNumbers(body(files['en.pdf'], /page \d+ of \d+/), 'en')).toEqual(
      sortedNumbers(body(files['fr.pdf'], /page \d+ sur \d+/), 'fr'),
    );
  });
});

describe('versions', () => {
  it('from unchanged data, generating again returns the stored version, and a rebuild from scratch gives the same bytes', async () => {
    const again = await generate({ ...PERIOD, lang: 'fr', kind: 'final' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, version: { id: versions.fr.id } });
    const before = (await download(versions.fr.id, 'pdf')).body;
    await t.sql.query('DELETE FROM report_version WHERE id = $1', [versions.fr.id]);
    const rebuilt = await generate({ ...PERIOD, lang: 'fr', kind: 'final' });
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.body.version.id).not.toBe(versions.fr.id);
    expect(rebuilt.body.version).toMatchObject({ pdfSha256: versions.fr.pdfSha256, htmlSha256: versions.fr.htmlSha256 });
    expect((await download(rebuilt.body.version.id, 'pdf')).body.equals(before)).toBe(true);
    versions.fr = rebuilt.body.version;
  }, 300_000);

  it('are listed with their download links, newest first; HTML under a CSP that runs nothing', async () => {
    const list = await call<any[]>(base, 'GET', '/api/v1/reports?kind=final', { headers: { cookie: policymaker } });
    expect(list.status).toBe(200);
    const mine = list.body.find((v) => v.id === versions.fr.id);
    expect(mine).toMatchObject({
      kind: 'final',
      from: DATE,
      to: DATE,
      lang: 'fr',
      links: { pdf: `/api/v1/reports/${versions.fr.id}.pdf`, html: `/api/v1/reports/${versions.fr.id}.html` },
    });
    expect(mine.pdfBytes).toBeGreaterThan(50_000);
    const html = await download(versions.fr.id, 'html', { headers: { cookie: policymaker } });
    expect(html.res.status).toBe(200);
    expect(html.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.res.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-[^']+'.*sandbox/);
    const pdf = await download(versions.fr.id, 'pdf', { headers: { cookie: policymaker } });
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.res.headers.get('content-disposition')).toContain(`retour-experience-final-${DATE}-${DATE}-fr.pdf`);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await download('00000000-0000-4000-8000-000000000000', 'pdf')).res.status).toBe(404);
  });

  it('refuse the roles that may not: tablet, driver, anonymous, a bare admin; policymakers read but do not generate', async () => {
    const id = versions.fr.id;
    const cases: Array<[string, { token?: string; headers?: Record<string, string> }, { list: number; file: number; generate: number }]> = [
      ['anonymous', {}, { list: 401, file: 401, generate: 401 }],
      ['tablet', { token: 'tablet-gnv-01-dev' }, { list: 403, file: 403, generate: 403 }],
      ['driver', { token: 'driver-01-dev' }, { list: 403, file: 403, generate: 403 }],
      ['admin', { headers: { cookie: admin } }, { list: 403, file: 403, generate: 403 }],
      ['policymaker', { headers: { cookie: policymaker } }, { list: 200, file: 200, generate: 403 }],
    ];
    for (const [who, auth, expected] of cases) {
      expect((await call(base, 'GET', '/api/v1/reports', auth)).status, `${who} list`).toBe(expected.list);
      expect((await download(id, 'pdf', auth)).res.status, `${who} pdf`).toBe(expected.file);
      expect((await download(id, 'html', auth)).res.status, `${who} html`).toBe(expected.file);
      const g = await call(base, 'POST', '/api/v1/reports', { ...auth, body: { ...PERIOD, lang: 'fr', kind: 'final' } });
      expect(g.status, `${who} generate`).toBe(expected.generate);
      if (expected.generate !== 201 && expected.generate !== 200)
        expect(g.body.code).toBe(expected.generate === 401 ? 'unauthorized' : 'forbidden');
    }
  });

  it('validate the request in the one error shape', async () => {
    const ok = { ...PERIOD, lang: 'fr', kind: 'final' };
    for (const [body, path] of [
      [{ ...ok, from: '2018-06-12' }, 'to'],
      [{ ...ok, lang: 'de' }, 'lang'],
      [{ ...ok, kind: 'draft' }, 'kind'],
      [{ ...ok, pages: 3 }, 'pages'],
    ] as const) {
      const r = await generate(body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    const empty = await generate({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'kind', 'lang', 'to']);
  });
});

describe('missing data', () => {
  it('a period with days without telemetry and too few driver answers still gives a report that says so', async () => {
    const r = await generate({ from: DATE, to: '2018-06-13', lang: 'fr', kind: 'interim' });
    expect(r.status, r.text).toBe(201);
    const html = (await download(r.body.version.id, 'html')).body.toString('utf8');
    const text = norm(html.replace(/<[^>]+>/g, ' '));
    expect(text).toContain('Aucune télémétrie du GNV-01 le mardi 12 juin 2018');
    expect(text).toContain('Aucune télémétrie du DSL-01 le mercredi 13 juin 2018');
    expect(text).toMatch(/Seulement 3 questionnaires de conducteurs pour le DSL-01/);
    expect(text).toContain('Rapport intermédiaire');
  }, 300_000);

  it('a period with no data at all renders, in English, and says what is missing', async () => {
    const r = await generate({ from: '2018-06-18', to: '2018-06-19', lang: 'en', kind: 'interim' });
    expect(r.status, r.text).toBe(201);
    const m = await modelOf(r.body.version.id);
    expect(m.totals).toEqual([]);
    const html = norm((await download(r.body.version.id, 'html')).body.toString('utf8').replace(/<[^>]+>/g, ' '));
    expect(html).toContain('No telemetry from GNV-01 on Monday, 18 June 2018');
    expect(html).toContain('No passenger rating for DSL-01');
  }, 300_000);
});

describe('the schedule', () => {
  it('makes the nightly interim report of the trial once, on the data’s clock', async () => {
    const schedule = t.server.app.get(ReportScheduleService, { strict: false });
    const [a, b] = await Promise.all([schedule.round(), schedule.round()]);
    expect(a).toEqual(b);
    expect(a.due).toEqual({ kind: 'interim', from: '2018-06-08', to: DATE });
    expect(a.generated.length).toBe(2);
    const again = await schedule.round();
    expect(again).toMatchObject({ generated: [], waiting: 'stored' });
    const { rows } = await t.sql.query(
      `SELECT lang, trigger FROM report_version WHERE kind = 'interim' AND period_from = '2018-06-08' AND period_to = $1 ORDER BY lang`,
      [DATE],
    );
    expect(rows).toEqual([
      { lang: 'en', trigger: 'schedule' },
      { lang: 'fr', trigger: 'schedule' },
    ]);
  }, 300_000);

  it('two processes scheduling at once store each version once (advisory lock, then the unique index)', async () => {
    // A second process: the reports services on their own connections to the same database.
    const other = await openReportContext(loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, LOG_LEVEL: 'warn' }));
    try {
      const period = { from: DATE, to: '2018-06-15' };
      const mine = t.server.app.get(ReportScheduleService, { strict: false });
      const theirs = other.app.get(ReportScheduleService);
      const rounds = await Promise.all([mine.round(period), theirs.round(period)]);
      for (const r of rounds) expect(r.ran === false || r.due?.kind === 'interim').toBe(true);
      const { rows } = await t.sql.query(
        `SELECT lang, count(*)::int AS n FROM report_version WHERE kind = 'interim' AND period_from = $1 AND period_to = $1 GROUP BY lang ORDER BY lang`,
        [DATE],
      );
      expect(rows).toEqual([
        { lang: 'en', n: 1 },
        { lang: 'fr', n: 1 },
      ]);
    } finally {
      await other.close();
    }
  }, 300_000);
});

requireChromiumInCi();

describe.skipIf(!hasChromium)(
  `in Chromium: /decouvrir, the report's HTML from the server, the Rapports page${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} not found)`}`,
  () => {
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const SHOTS = join(OUT, 'browser');

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchChromium();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
    });

    /**
     * A page as served, under its own CSP (console errors and requests other than the server's
     * recorded); `axe` opens it again with the CSP bypassed, only so that axe-core can be injected.
     */
    async function open(
      path: string,
      viewport: { width: number; height: number },
      options: { headers?: Record<string, string>; bypassCSP?: boolean } = {},
    ) {
      const context = await browser.newContext({
        viewport,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        bypassCSP: options.bypassCSP ?? false,
        extraHTTPHeaders: options.headers,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('data:') && foreign.push(r.url()));
      await page.goto(`${base}${path}`);
      return { page, errors, foreign };
    }

    const SIZES = [
      { name: 'projector', width: 1920, height: 1080 },
      { name: 'projector-xga', width: 1024, height: 768 },
      { name: 'tablet', width: 1280, height: 800 },
      { name: 'tablet-portrait', width: 800, height: 1280 },
    ];

    it('/decouvrir needs no login, runs under its CSP with nothing blocked, reads on a projector and a tablet, and passes axe-core', async () => {
      const res = await fetch(`${base}/decouvrir`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${base}/decouvrir?lang=xx`)).status).toBe(400);
      for (const size of SIZES) {
        const { page, errors, foreign } = await open('/decouvrir', size);
        expect(await page.getAttribute('html', 'lang')).toBe('fr');
        expect(await overflowsSideways(page), size.name).toBe(false);
        const sizes = await page.evaluate(() => ({
          p: parseFloat(getComputedStyle(document.querySelector('main p')!).fontSize),
          h1: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
        }));
        expect(sizes.p).toBeGreaterThanOrEqual(size.width >= 900 ? 28 : 22);
        expect(sizes.h1).toBeGreaterThanOrEqual(2 * sizes.p);
        // The styles applied (their hash is in the CSP): the page is not unstyled.
        expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
        expect(errors, size.name).toEqual([]);
        expect(foreign).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `decouvrir-fr-${size.width}x${size.height}.png`), fullPage: size.name === 'projector' });
      }
      for (const lang of ['fr', 'oc', 'ca', 'en'] as const) {
        const { page } = await open(`/decouvrir?lang=${lang}`, SIZES[0], { bypassCSP: true });
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.locator(`nav a[href="?lang=${lang === 'fr' ? 'oc' : 'fr'}"]`).count()).toBe(1);
        await expectAccessible(page, `decouvrir ${lang}`);
      }
      // The same figures as the report model the page is made from (the newest stored version of the trial).
      const text = norm((await (await open('/decouvrir', SIZES[0])).page.textContent('main'))!);
      expect(text).toMatch(/\d/);
    });

    it('the report’s HTML as downloaded runs under its CSP and passes axe-core', async () => {
      const path = `/api/v1/reports/${versions.fr.id}.html`;
      const { page, errors, foreign } = await open(
        path,
        { width: 1280, height: 800 },
        { headers: { authorization: `Bearer ${ENGINEER}` } },
      );
      expect(await page.locator('svg[role="img"] > title').count()).toBeGreaterThanOrEqual(5);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'report-fr-1280x800.png') });
      const again = await open(path, { width: 1280, height: 800 }, { headers: { authorization: `Bearer ${ENGINEER}` }, bypassCSP: true });
      await expectAccessible(again.page, 'report html');
    });

    it('the Rapports page lists the versions with their links for a policymaker, and lets an engineer generate one', async () => {
      const pm = await open('/dashboard/reports', { width: 1280, height: 800 }, { headers: { cookie: policymaker }, bypassCSP: true });
      await pm.page.waitForSelector(`a[href="/api/v1/reports/${versions.fr.id}.pdf"]`);
      expect(await pm.page.locator('form.report-form').count()).toBe(0);
      expect(await pm.page.getAttribute('a[aria-current="page"]', 'href')).toBe('/dashboard/reports');
      await expectAccessible(pm.page, 'reports page (policymaker)');
      await pm.page.screenshot({ path: join(SHOTS, 'dashboard-reports-policymaker.png'), fullPage: true });

      const eng = await open(
        '/dashboard/reports',
        { width: 1280, height: 800 },
        { headers: { authorization: `Bearer ${ENGINEER}` }, bypassCSP: true },
      );
      await eng.page.waitForSelector('form.report-form');
      await eng.page.fill('#report-from', DATE);
      await eng.page.fill('#report-to', DATE);
      await eng.page.selectOption('#report-lang', 'en');
      await eng.page.click('button[data-action="generate"]');
      const status = await eng.page.waitForSelector('.report-status p[data-created]', { timeout: 120_000 });
      // Unchanged data: the English final of this day is already stored.
      expect(await status.getAttribute('data-created')).toBe('false');
      expect(await eng.page.locator(`.report-status a[href="/api/v1/reports/${versions.en.id}.pdf"]`).count()).toBe(1);
      await expectAccessible(eng.page, 'reports page (engineer)');
      await eng.page.screenshot({ path: join(SHOTS, 'dashboard-reports-engineer.png'), fullPage: true });
      expect(eng.errors).toEqual([]);
    }, 180_000);
  },
);
