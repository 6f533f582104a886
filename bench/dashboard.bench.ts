/**
 * Dashboard benchmark (issue 10). Over the simulated trial (both coaches, 8–22 June by default),
 * through the real HTTP API (api role only, rollups done):
 *  - the live page's API calls, as the page makes them for each coach at the trial's last sample
 *    (vehicles, the 2-minute series for the cabin and comfort, the trip's 60-second baseline, today's
 *    trips and KPIs, the latest ratings): p50 / p95 each and over all of them (target p95 ≤ 50 ms);
 *  - a day chart: GET vehicles/{id}/series over 16 h with 2,000 points and the charts' fields,
 *    rotating over every vehicle-day so that no answer is served warm (target p95 ≤ 100 ms);
 *  - the dashboard's JavaScript, gzipped (budget 150 KB).
 * Runs on the embedded PGlite unless BENCH_DATABASE_URL points at a PostgreSQL server.
 *   npm run bench:dashboard [-- --from 2018-06-11 --to 2018-06-12 --requests 40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { serviceDates } from '@app/data';
import { quantile } from '@app/domain';
import { buildWeb, DASHBOARD_JS_BUDGET_GZIP } from '../apps/web/build';
import { parisInstant } from '../apps/web/src/dashboard/lib/format';
import { CHART_FIELDS, DAY_HOURS, DAY_POINTS, DAY_START_H } from '../apps/web/src/dashboard/series-query';
import { startServer } from '../apps/server/src/bootstrap';
import { RollupRepository } from '../apps/server/src/analytics/rollup.repository';
import { RollupService } from '../apps/server/src/analytics/rollup.service';
import { loadConfig } from '../apps/server/src/config/app-config';
import { openDataSource } from '../apps/server/src/database/data-source';
import { startEmbeddedDatabase } from '../apps/server/src/infra/embedded-database';
import { appendResults, createDatabase, dropDatabase, machineLine } from './support/bench-env';
import { writeTrial } from './support/trial-data';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const FROM = arg('from', '2018-06-08');
const TO = arg('to', '2018-06-22');
const REQUESTS = Number(arg('requests', '40'));
const LIVE_TARGET_MS = 50;
const DAY_TARGET_MS = 100;
const log = (s: string) => process.stdout.write(`${s}\n`);
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const LIVE_FIELDS =
  'speedKmh,passengers,cabinTempC,cabinCo2Ppm,cabinNoiseDbA,seatAwx,seatAwy,seatAwz,floorAwx,floorAwy,floorAwz,fuelCounter,odometerKm,lat,lon';

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const serverUrl = process.env.BENCH_DATABASE_URL;
  const dbName = `bench_dashboard_${process.pid}`;
  const embedded = serverUrl ? null : await startEmbeddedDatabase();
  const url = serverUrl ? await createDatabase(serverUrl, dbName) : embedded!.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const ds = await openDataSource(url, 2);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const web = await buildWeb();
    const jsGz = web.pageGzipBytes.dashboard.js;
    log(`dashboard JavaScript: ${(jsGz / 1024).toFixed(1)} KB gzipped (budget ${DASHBOARD_JS_BUDGET_GZIP / 1024} KB)`);

    log(`writing the simulated trial ${FROM} → ${TO} …`);
    const data = await writeTrial(ds, FROM, TO);
    log(`  ${data.telemetry} telemetry, ${data.events} events, ${data.windows} windows in ${ms(data.ms)}`);
    const runtime = {
      databaseUrl: url,
      databaseKind: serverUrl ? ('postgres' as const) : ('pglite' as const),
      mqttUrl: '',
      mqttKind: 'embedded' as const,
    };
    await new RollupService(ds, new RollupRepository(), loadConfig({}), runtime).runUntilClean();

    server = await startServer(
      loadConfig({
        NODE_ENV: 'test',
        HTTP_PORT: '0',
        DATABASE_URL: url,
        MODULES: 'api',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'pretty',
        DATA_DIR: dataDir,
      }),
    );
    const base = server.httpUrl;
    const get = async (path: string): Promise<{ ms: number; body: unknown }> => {
      const s = performance.now();
      const r = await fetch(base + path, { headers: { authorization: 'Bearer engineer-dev-token' } });
      const text = await r.text();
      if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${text.slice(0, 200)}`);
      return { ms: performance.now() - s, body: JSON.parse(text) };
    };

    // ---- the live page's calls, at the trial's last sample of each coach
    const vehicles = (await get('/api/v1/vehicles')).body as Array<{ id: string; latest: { ts: string } | null }>;
    const live: Record<string, number[]> = {};
    const add = (name: string, x: number) => (live[name] ??= []).push(x);
    for (let i = 0; i < REQUESTS; i++) {
      add('vehicles', (await get('/api/v1/vehicles')).ms);
      for (const v of vehicles) {
        if (!v.latest) continue;
        const end = Date.parse(v.latest.ts) + 1000;
        const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(v.latest.ts));
        add(
          'series, last 2 min (cabin, comfort)',
          (
            await get(
              `/api/v1/vehicles/${v.id}/series?fromTs=${new Date(end - 120_000).toISOString()}&toTs=${new Date(end).toISOString()}&fields=${LIVE_FIELDS}&maxPoints=120`,
            )
          ).ms,
        );
        const trips = await get(`/api/v1/trips?from=${day}&to=${day}&vehicleId=${v.id}&limit=100`);
        add('trips of the day', trips.ms);
        const last = (trips.body as Array<{ startTs: string }>).at(-1);
        if (last)
          add(
            'series, trip start baseline (60 s)',
            (
              await get(
                `/api/v1/vehicles/${v.id}/series?fromTs=${last.startTs}&toTs=${new Date(Date.parse(last.startTs) + 60_000).toISOString()}&fields=fuelCounter,odometerKm&maxPoints=60`,
              )
            ).ms,
          );
        add('kpis of the day', (await get(`/api/v1/kpis?from=${day}&to=${day}&vehicleId=${v.id}&groupBy=day`)).ms);
        add(
          'latest ratings (3 h)',
          (
            await get(
              `/api/v1/ratings?vehicle=${v.id}&from=${new Date(end - 3 * 3600_000).toISOString()}&to=${new Date(end + 60_000).toISOString()}&limit=1000`,
            )
          ).ms,
        );
      }
    }
    const all = Object.values(live).flat();
    for (const [name, xs] of Object.entries(live)) log(`  live ${name}: p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}`);
    log(`  live, every call: p95 ${ms(quantile(all, 0.95))} (target ≤ ${LIVE_TARGET_MS} ms)`);

    // ---- the day chart, over every vehicle-day in turn
    const days = serviceDates(FROM, TO);
    const dayLat: number[] = [];
    let points = 0;
    for (let i = 0; i < Math.max(REQUESTS, days.length * 2); i++) {
      const date = days[i % days.length];
      const vehicle = vehicles[Math.floor(i / days.length) % vehicles.length].id;
      const from = parisInstant(date, DAY_START_H);
      const to = new Date(from.getTime() + DAY_HOURS * 3600_000);
      const r = await get(
        `/api/v1/vehicles/${vehicle}/series?fromTs=${from.toISOString()}&toTs=${to.toISOString()}&fields=${CHART_FIELDS.join(',')}&maxPoints=${DAY_POINTS}`,
      );
      dayLat.push(r.ms);
      points = Math.max(points, (r.body as { points: unknown[] }).points.length);
    }
    log(
      `  day chart (${DAY_HOURS} h, ${DAY_POINTS} points max, ${CHART_FIELDS.length} fields; ${points} points returned): p50 ${ms(quantile(dayLat, 0.5))}, p95 ${ms(quantile(dayLat, 0.95))} (target ≤ ${DAY_TARGET_MS} ms)`,
    );

    const verdict = (p95: number, target: number) => (p95 <= target ? 'meets' : 'misses');
    appendResults(
      [
        `## dashboard — ${new Date().toISOString().slice(0, 10)}`,
        `Machine: ${machineLine()}; database: ${serverUrl ? 'PostgreSQL' : 'embedded PGlite'}; trial ${FROM} → ${TO}: ${data.telemetry} telemetry rows (2 coaches), rollups done, api role only.`,
        `- Dashboard JavaScript: ${(jsGz / 1024).toFixed(1)} KB gzipped (${(web.pageBytes.dashboard / 1024).toFixed(0)} KB page uncompressed; budget ${DASHBOARD_JS_BUDGET_GZIP / 1024} KB, checked by the build).`,
        `- Live page's API calls (${REQUESTS} rounds, both coaches; p50 / p95):`,
        ...Object.entries(live).map(([name, xs]) => `  - ${name}: ${ms(quantile(xs, 0.5))} / ${ms(quantile(xs, 0.95))}`),
        `  - every call: p95 ${ms(quantile(all, 0.95))} — ${verdict(quantile(all, 0.95), LIVE_TARGET_MS)} the target of ${LIVE_TARGET_MS} ms.`,
        `- Day chart (GET vehicles/{id}/series, ${DAY_HOURS} h, maxPoints ${DAY_POINTS}, ${CHART_FIELDS.length} fields, each vehicle-day in turn): p50 ${ms(quantile(dayLat, 0.5))}, p95 ${ms(quantile(dayLat, 0.95))} — ${verdict(quantile(dayLat, 0.95), DAY_TARGET_MS)} the target of ${DAY_TARGET_MS} ms (from the rollup's 15 s buckets; raw rows only for the still-open tail).`,
      ].join('\n'),
    );
    log('appended to bench/RESULTS.md');
  } finally {
    await server?.stop();
    await ds.destroy();
    await embedded?.stop();
    if (serverUrl) await dropDatabase(serverUrl, dbName);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
