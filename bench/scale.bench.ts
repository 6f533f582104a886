/**
 * `npm run bench:scale` (issue 13): scale measured, not extrapolated, on this machine's real
 * PostgreSQL and a private Mosquitto, in one run:
 *  1. ingest with 1 against 2 ingest processes in the shared subscription $share/ingest (each a
 *     separate `MODULES=ingest` server process with its own login), `--units` on-board units
 *     flooding telemetry within the end-to-end Ack window: messages stored per second, and the
 *     server CPU per stored message (the ingest processes' user + system time over the messages
 *     stored, read from /proc);
 *  2. the rollup of one service day for each `--coaches` fleet size on one runner: the simulated
 *     day of both trial coaches, copied onto as many CNG and diesel vehicles as needed, rolled up
 *     from nothing (every vehicle-day dirty), wall time and time per vehicle-day.
 * Each result is appended to bench/RESULTS.md with the date and machine.
 * The ingest runs use the production image's NODE_OPTIONS (Dockerfile), and one run without them for the ratio.
 *   npm run bench:scale -- [--seconds 30] [--units 20] [--coaches 20,100] [--skip-ingest] [--skip-rollup]
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { SingleBar, Presets } from 'cli-progress';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { RollupRepository } from '../apps/server/src/analytics/rollup.repository';
import { RollupService } from '../apps/server/src/analytics/rollup.service';
import { loadConfig } from '../apps/server/src/config/app-config';
import { openDataSource } from '../apps/server/src/database/data-source';
import { startPrivateMosquitto } from '../test/support/private-mosquitto';
import { TEST_MQTT_CREDENTIALS, testFleetCredentials } from '../test/support/servers';
import { freePort } from '../test/support/ports';
import { appendResults, createDatabase, dropDatabase, machineLine, phase, ROOT, runChild } from './support/bench-env';
import { writeTrial } from './support/trial-data';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    units: { type: 'string', default: '20' },
    coaches: { type: 'string', default: '20,100' },
    day: { type: 'string', default: '2018-06-11' },
    'skip-ingest': { type: 'boolean' },
    'skip-rollup': { type: 'boolean' },
  },
});
const positive = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
};
const SECONDS = positive('seconds', values.seconds!);
const UNITS = positive('units', values.units!);
const COACHES = values.coaches!.split(',').map((c) => positive('coaches', c));
if (UNITS > 33) throw new Error('--units: at most 33 (each of the 3 ingest runs has its own units among BENCH-001 … BENCH-100)');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INGEST_RUNS = 3;
const SECOND_INGEST = { user: 'ingest-b', password: 'ingest-b-dev-secret' };
const log = (s: string) => process.stdout.write(`${s}\n`);
const CLOCK_TICKS_PER_S = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
/** User and system CPU seconds of a process (/proc/<pid>/stat utime, stime). */
function cpuSeconds(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_S, sys: Number(fields[12]) / CLOCK_TICKS_PER_S };
}

const cpuOf = (procs: ServerProc[]) =>
  procs.reduce(
    (s, p) => {
      const c = cpuSeconds(p.child.pid!);
      return { user: s.user + c.user, sys: s.sys + c.sys };
    },
    { user: 0, sys: 0 },
  );

/** The NODE_OPTIONS the production image runs the server with (Dockerfile), measured against none. */
const IMAGE_NODE_OPTIONS = /^ENV NODE_OPTIONS=(\S+)/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1] ?? '';

interface ServerProc {
  child: ChildProcess;
  port: number;
  log: string;
}

async function spawnIngest(
  dbUrl: string,
  mqttUrl: string,
  login: { user: string; password: string },
  nodeOptions: string,
): Promise<ServerProc> {
  const port = await freePort();
  // BENCH_PROFILE_DIR: each ingest process writes a V8 CPU profile there (where the µs per message go).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      NODE_ENV: 'development',
      DATABASE_URL: dbUrl,
      MQTT_URL: mqttUrl,
      MQTT_USERNAME: login.user,
      MQTT_PASSWORD: login.password,
      FLEET_CREDENTIALS: testFleetCredentials(),
      INGEST_SHARE_GROUP: 'ingest',
      MODULES: 'ingest',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: ServerProc = { child, port, log: '' };
  child.stdout!.on('data', (d: Buffer) => (proc.log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (proc.log += d.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest process exited (${child.exitCode}):\n${proc.log.slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return proc;
    if (Date.now() > deadline) throw new Error(`ingest process not healthy in 120 s:\n${proc.log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stop(proc: ServerProc): Promise<void> {
  if (proc.child.exitCode !== null) return;
  await new Promise((r) => {
    proc.child.once('exit', r);
    proc.child.kill('SIGTERM');
  });
}

interface LoadResult {
  published: number;
  acked: number;
  seconds: number;
  settledSeconds: number;
  p50Ms: number | null;
  p99Ms: number | null;
  nextSeq: number[];
}

interface IngestFigures {
  processes: number;
  nodeOptions: string;
  stored: number;
  perSecond: number;
  cpuS: number;
  cpuUsPerMessage: number;
  sysUsPerMessage: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

async function ingestBench(): Promise<IngestFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  chmodSync(dir, 0o755); // Mosquitto drops to its own user and must reach its folder inside.
  const units = Array.from({ length: INGEST_RUNS * UNITS }, (_, i) => `BENCH-${String(i + 1).padStart(3, '0')}`);
  const broker = await startPrivateMosquitto({
    dir: join(dir, 'mosquitto'),
    extraUsers: [
      { ...SECOND_INGEST, acl: ['topic read fleet/#', 'topic write fleet/+/ack'] },
      // The vehicles' own rights come from the ACL's patterns (their login is their id).
      ...units.map((user) => ({ user, password: 'bench', acl: [] })),
    ],
  });
  const dbName = `bench_scale_ingest_${process.pid}`;
  const dbUrl = await createDatabase(PG_URL, dbName);
  const sql = new Client(dbUrl);
  const out: IngestFigures[] = [];
  try {
    // The schema and the benchmark units first, so the ingest processes know the units from their start.
    await (await openDataSource(dbUrl, 1)).destroy();
    await sql.connect();
    await sql.query(
      `INSERT INTO vehicle (id, label, fuel_type) SELECT unnest($1::text[]), 'benchmark unit', 'cng' ON CONFLICT DO NOTHING`,
      [units],
    );
    const logins = [{ user: TEST_MQTT_CREDENTIALS.serverUser, password: TEST_MQTT_CREDENTIALS.serverPassword }, SECOND_INGEST];
    const runs = [
      { processes: 1, nodeOptions: '' },
      { processes: 1, nodeOptions: IMAGE_NODE_OPTIONS },
      { processes: 2, nodeOptions: IMAGE_NODE_OPTIONS },
    ];
    for (const [run, { processes, nodeOptions }] of runs.entries()) {
      const procs = await Promise.all(logins.slice(0, processes).map((login) => spawnIngest(dbUrl, broker.url, login, nodeOptions)));
      const count = async () => Number((await sql.query(`SELECT count(*) n FROM telemetry`)).rows[0].n);
      const stored0 = await count();
      const cpu0 = cpuOf(procs);
      const load = await phase(
        `${processes} ingest process${processes > 1 ? 'es' : ''} ${nodeOptions || '(no NODE_OPTIONS)'}`,
        SECONDS,
        () =>
          runChild<LoadResult>('bench/support/load-generator.ts', {
            url: broker.url,
            vehicles: UNITS,
            seconds: SECONDS,
            mode: 'flood',
            rate: 0,
            window: 500,
            waitAck: true,
            firstSeq: 0, // CONTRACT.md: a unit's seq starts at 0
            firstUnit: 1 + run * UNITS, // fresh units for each run
          }),
      );
      const cpu1 = cpuOf(procs);
      const cpuS = cpu1.user + cpu1.sys - (cpu0.user + cpu0.sys);
      const stored = (await count()) - stored0;
      if (stored !== load.published) throw new Error(`${processes} process(es): published ${load.published}, stored ${stored}`);
      if (load.acked !== load.published)
        throw new Error(`${processes} process(es): published ${load.published}, acknowledged ${load.acked}`);
      const f: IngestFigures = {
        processes,
        nodeOptions,
        stored,
        perSecond: stored / load.settledSeconds,
        cpuS,
        cpuUsPerMessage: (cpuS * 1e6) / stored,
        sysUsPerMessage: ((cpu1.sys - cpu0.sys) * 1e6) / stored,
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
      };
      log(
        `  ${processes} process(es): ${stored} stored, ${f.perSecond.toFixed(0)} msg/s, server CPU ${f.cpuS.toFixed(1)} s = ${f.cpuUsPerMessage.toFixed(1)} µs/message`,
      );
      out.push(f);
      await Promise.all(procs.map(stop));
    }
  } finally {
    await sql.end().catch(() => undefined);
    await broker.stop();
    await dropDatabase(PG_URL, dbName);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Copies the day of GNV-01 and DSL-01 onto `coaches − 2` more vehicles, alternately CNG and diesel. */
async function copyFleet(ds: DataSource, coaches: number): Promise<void> {
  const extra = Array.from({ length: Math.max(0, coaches - 2) }, (_, i) => ({
    id: `${i % 2 ? 'D' : 'C'}-${String(i + 1).padStart(3, '0')}`,
    from: i % 2 ? 'DSL-01' : 'GNV-01',
  }));
  if (!extra.length) return;
  await ds.query(
    `INSERT INTO vehicle (id, label, fuel_type, is_reference)
     SELECT x.id, 'scale copy of ' || v.id, v.fuel_type, v.is_reference FROM vehicle v JOIN unnest($1::text[], $2::text[]) AS x(id, src) ON v.id = x.src`,
    [extra.map((e) => e.id), extra.map((e) => e.from)],
  );
  for (const table of ['telemetry', 'event', 'vibration_window', 'ingest_counter']) {
    const cols: Array<{ column_name: string }> = await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'vehicle_id' AND is_generated = 'NEVER'
         AND coalesce(column_default, '') NOT LIKE 'nextval%' ORDER BY ordinal_position`,
      [table],
    );
    const list = cols.map((c) => c.column_name).join(', ');
    await ds.query(
      `INSERT INTO ${table} (vehicle_id, ${list})
       SELECT x.id, ${list} FROM ${table} t JOIN unnest($1::text[], $2::text[]) AS x(id, src) ON t.vehicle_id = x.src`,
      [extra.map((e) => e.id), extra.map((e) => e.from)],
    );
  }
}

interface RollupFigures {
  coaches: number;
  vehicleDays: number;
  samples: number;
  wallS: number;
  /** The same days rolled up again by two runner processes sharing them (per vehicle-day locks). */
  twoRunnersS: number;
  twoRunnersDays: number[];
}

async function rollupBench(): Promise<RollupFigures[]> {
  const out: RollupFigures[] = [];
  for (const coaches of COACHES) {
    const dbName = `bench_scale_rollup_${process.pid}`;
    const url = await createDatabase(PG_URL, dbName);
    const ds = await openDataSource(url, 4);
    try {
      await writeTrial(ds, values.day!, values.day!);
      await copyFleet(ds, coaches);
      const rollups = new RollupService(ds, new RollupRepository(), loadConfig({}), {
        databaseUrl: url,
        databaseKind: 'postgres',
        mqttUrl: '',
        mqttKind: 'external',
      });
      const bar = new SingleBar(
        { format: `rollup, ${String(coaches).padStart(3)} coaches  {bar} {value} vehicle-days`, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(coaches * 3, 0);
      const started = performance.now();
      let days = 0;
      let samples = 0;
      for (;;) {
        const r = await rollups.runDirty(10);
        days += r.days.length;
        samples += r.days.reduce((n, d) => n + d.samples, 0);
        bar.update(days);
        if (r.ran && !r.remaining) break;
      }
      const wallS = (performance.now() - started) / 1000;
      bar.stop();
      log(`  ${coaches} coaches, one runner: ${days} vehicle-days (${samples} samples) in ${wallS.toFixed(1)} s`);
      // Everything dirty again, then two runner processes share the days.
      await ds.query(`DELETE FROM rollup_state`);
      const twoStarted = performance.now();
      const runners = await Promise.all(
        [0, 1].map(() => runChild<{ days: number; ms: number }>('bench/support/rollup-runner.ts', { url })),
      );
      const twoRunnersS = (performance.now() - twoStarted) / 1000;
      const shared = runners.reduce((n, r) => n + r.days, 0);
      if (shared !== days) throw new Error(`two runners computed ${shared} vehicle-days, one runner ${days}: a day twice or never`);
      log(
        `  ${coaches} coaches, two runner processes: ${runners.map((r) => r.days).join(' + ')} vehicle-days in ${twoRunnersS.toFixed(1)} s`,
      );
      out.push({ coaches, vehicleDays: days, samples, wallS, twoRunnersS, twoRunnersDays: runners.map((r) => r.days) });
    } finally {
      await ds.destroy();
      await dropDatabase(PG_URL, dbName);
    }
  }
  return out;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['log', 'warn', 'error']);
  const date = new Date().toISOString().slice(0, 10);
  let section = `## Scale as separate processes (issue 13) — ${date}\n\nMachine: ${machineLine()}. PostgreSQL 15 and Mosquitto 2 of this machine.\n`;
  if (!values['skip-ingest']) {
    log(
      `ingest: ${UNITS} units flooding for ${SECONDS} s: 1 process without NODE_OPTIONS, then 1 and 2 in $share/ingest with the image's …`,
    );
    const [bare, one, two] = await ingestBench();
    section += `
### Ingest, 1 against 2 ingest processes ($share/ingest)

${UNITS} units flood telemetry for ${SECONDS} s each run (window 500 per unit, the end-to-end Ack); the load generator, Mosquitto and PostgreSQL run on the same 2 cores. Every message stored once and acknowledged (checked). Server CPU is the ingest processes' user + system time (/proc) over the messages stored; system time is mostly the loopback TCP writes of the statements to PostgreSQL. NODE_OPTIONS: the production image's (Dockerfile) against none.

| ingest processes | NODE_OPTIONS | stored | msg/s | server CPU | CPU per stored message | of which system | publish → Ack p50 / p99 |
|---|---|---|---|---|---|---|---|
${[bare, one, two]
  .map(
    (f) =>
      `| ${f.processes} | ${f.nodeOptions ? `\`${f.nodeOptions}\`` : 'none'} | ${f.stored.toLocaleString('en')} | ${f.perSecond.toFixed(0)} | ${f.cpuS.toFixed(1)} s | ${f.cpuUsPerMessage.toFixed(1)} µs | ${f.sysUsPerMessage.toFixed(1)} µs | ${f.p50Ms?.toFixed(0)} / ${f.p99Ms?.toFixed(0)} ms |`,
  )
  .join('\n')}

The image's NODE_OPTIONS against none (1 process): CPU per message **×${(one.cpuUsPerMessage / bare.cpuUsPerMessage).toFixed(2)}**, messages per second ×${(one.perSecond / bare.perSecond).toFixed(2)}.
2 processes against 1: **×${(two.perSecond / one.perSecond).toFixed(2)}** messages per second; CPU per message ×${(two.cpuUsPerMessage / one.cpuUsPerMessage).toFixed(2)}. Target ≤ 20 µs per stored message.
`;
  }
  if (!values['skip-rollup']) {
    log(`rollup of ${values.day} for ${COACHES.join(', ')} coaches, one runner …`);
    const runs = await rollupBench();
    section += `
### Rollup of one service day (${values.day}): one runner, then two runner processes

The simulated day of both trial coaches copied onto the fleet (half CNG, half diesel), every vehicle-day dirty (the day and the next Paris day it overlaps), rolled up on PostgreSQL by one RollupService (the scheduler's runner), then all over again by two runner processes sharing the days through the per-vehicle-day locks (each day computed once: checked). Target: 100 coaches in ≤ 60 s.

| coaches | vehicle-days | samples read | one runner | per coach | two runner processes | ratio |
|---|---|---|---|---|---|---|
${runs
  .map(
    (r) =>
      `| ${r.coaches} | ${r.vehicleDays} | ${r.samples.toLocaleString('en')} | ${r.wallS.toFixed(1)} s | ${((r.wallS * 1000) / r.coaches).toFixed(0)} ms | ${r.twoRunnersS.toFixed(1)} s (${r.twoRunnersDays.join(' + ')} days) | ×${(r.wallS / r.twoRunnersS).toFixed(2)} |`,
  )
  .join('\n')}
${runs.length > 1 ? `\n${runs.at(-1)!.coaches} against ${runs[0].coaches} coaches: ×${(runs.at(-1)!.wallS / runs[0].wallS).toFixed(2)} the time for ×${(runs.at(-1)!.coaches / runs[0].coaches).toFixed(0)} the coaches.\n` : ''}`;
  }
  log(section);
  appendResults(section);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
