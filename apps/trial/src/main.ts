/**
 * `npm run trial` — the README's first command: starts the server (embedded PGlite + Aedes unless
 * DATABASE_URL / MQTT_URL say otherwise), replays the whole June 2018 trial through it with the
 * simulator at full speed, prints the reconciliation of what was sent against what was stored,
 * and keeps serving until Ctrl-C. It fails (exit 1) when anything is missing.
 *   npm run trial -- [--from 2018-06-08] [--to 2018-06-22] [--seed 42] [--faults …] [--no-simulate]
 *                    [--exit-after] [--single-thread] [--fleet N] [--until HH:MM]
 * `--fleet N` first registers N coaches over lines 101 and 102 and their tablets through the admin
 * API (as `npm run provision` does; the fleet file with the secrets is DATA_DIR/fleet.json, reused
 * by the next run on the same data folder) and replays those coaches instead of the trial's two.
 *
 * Both cores: the simulator runs as a child process, the embedded PGlite and Aedes in worker
 * threads, so the server's event loop (ingest, HTTP) is never the one doing everything.
 * At the end of a replay it writes the final report of the replayed period (PDF + HTML, French and
 * English) into a folder under DATA_DIR/reports and prints its path.
 * `--single-thread` runs the old way — all of it on this process's event loop — for the
 * benchmark that compares the two (bench/trial.bench.ts).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TRIAL_PERIOD } from '@app/data';
import { startServer, type RunningServer } from '../../server/src/bootstrap';
import { ConfigError, loadConfig, type AppConfig } from '../../server/src/config/app-config';
import { simulate, type Progress, type RunReport, type SimulationOptionsInput } from '../../../simulator/src';
import type { SimulatorIpcIn, SimulatorIpcOut } from '../../../simulator/src/ipc';
import { existsSync, writeFileSync } from 'node:fs';
import { generateFleet, MAX_FLEET, readFleetFile, type FleetEntry } from '../../../simulator/src/fleet';
import { createProgressBar } from '../../../simulator/src/progress';
import { provisionFleet } from '../../../simulator/src/provision';
import { runFailed, summariseRun } from '../../../simulator/src/run-summary';
import { writeFinalReport } from './final-report';
import { describeTrial, firstCandidate, trialOf } from './trial-banner';

const USAGE =
  'Usage: npm run trial -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--seed N] [--faults LIST] [--no-simulate] [--exit-after] [--single-thread] [--fleet N] [--until HH:MM]';
const SIMULATOR_CLI = resolve(__dirname, '../../../simulator/src/cli.ts');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

interface Flags {
  from: string;
  to: string;
  seed: string;
  faults?: string;
  'no-simulate'?: boolean;
  'exit-after'?: boolean;
  'single-thread'?: boolean;
  fleet?: string;
  until?: string;
}

function parseFlags(): Flags {
  try {
    const flags = parseArgs({
      options: {
        from: { type: 'string', default: TRIAL_PERIOD.from },
        to: { type: 'string', default: TRIAL_PERIOD.to },
        seed: { type: 'string', default: '42' },
        faults: { type: 'string' },
        'no-simulate': { type: 'boolean' },
        'exit-after': { type: 'boolean' },
        'single-thread': { type: 'boolean' },
        fleet: { type: 'string' },
        until: { type: 'string' },
      },
      strict: true,
    }).values as Flags;
    if (flags.fleet !== undefined && (!/^\d+$/.test(flags.fleet) || Number(flags.fleet) < 1 || Number(flags.fleet) > MAX_FLEET))
      fail(`--fleet: "${flags.fleet}" is not a whole number from 1 to ${MAX_FLEET}\n${USAGE}`);
    if (flags.until !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(flags.until))
      fail(`--until: "${flags.until}" is not HH:MM\n${USAGE}`);
    return flags;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

function loadTrialConfig(flags: Flags): AppConfig {
  try {
    // The trial is watched from a terminal: readable logs, warnings only, unless told otherwise.
    return loadConfig({
      LOG_FORMAT: 'pretty',
      LOG_LEVEL: 'warn',
      ...process.env,
      ...(flags['single-thread'] ? { EMBEDDED_THREADS: 'false' } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** The simulator in a process of its own: options over IPC (secrets stay off the command line). */
function simulateInChild(input: SimulationOptionsInput, onProgress: (p: Progress) => void): Promise<RunReport> {
  const child = fork(SIMULATOR_CLI, ['--ipc'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  return new Promise<RunReport>((resolvePromise, reject) => {
    let report: RunReport | null = null;
    let failure: string | null = null;
    child.on('message', (m: SimulatorIpcOut) => {
      if (m.kind === 'progress') onProgress(m.progress);
      else if (m.kind === 'done') report = m.report;
      else failure = m.message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      process.off('SIGINT', stop);
      if (report) resolvePromise(report);
      else reject(new Error(failure ?? `the simulator exited with code ${code} without a report`));
    });
    child.send({ kind: 'start', input } satisfies SimulatorIpcIn);
  });
}

const FLEET_REPLAY_IN_FLIGHT = 20_000;

/** The fleet registered through the admin API; a fleet file of an earlier run on this data folder keeps its coaches' secrets. */
async function provision(n: number, config: AppConfig, server: RunningServer): Promise<FleetEntry[]> {
  const file = resolve(join(config.DATA_DIR, 'fleet.json'));
  const previous = existsSync(file) ? readFleetFile(file) : undefined;
  const started = Date.now();
  const fleet = await provisionFleet({ apiUrl: server.httpUrl, token: config.ADMIN_TOKENS[0], vehicles: generateFleet(n), previous });
  writeFileSync(file, `${JSON.stringify(fleet, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(
    `Registered ${n} coaches and their tablets through the admin API in ${((Date.now() - started) / 1000).toFixed(1)} s (${file})\n`,
  );
  return fleet.vehicles;
}

async function replay(flags: Flags, config: AppConfig, server: RunningServer, trial: string): Promise<RunReport> {
  const fleet = flags.fleet !== undefined ? await provision(Number(flags.fleet), config, server) : undefined;
  const out = resolve(join(config.DATA_DIR, `ground-truth-${flags.seed}.json`));
  process.stdout.write(
    `Replaying ${flags.from} → ${flags.to} of the trial ${trial}, seed ${flags.seed}` +
      `${flags['single-thread'] ? ' — single thread' : ''}\n`,
  );
  const input: SimulationOptionsInput = {
    from: flags.from,
    to: flags.to,
    seed: flags.seed,
    speed: 'max',
    faults: flags.faults,
    out,
    mqttUrl: server.runtime.mqttUrl,
    apiUrl: server.httpUrl,
    fleetCredentials: config.FLEET_CREDENTIALS,
    tabletTokens: config.TABLET_TOKENS,
    driverCodes: config.DRIVER_CODES,
    engineerToken: config.ENGINEER_TOKENS[0],
    // A fleet replays with 20,000 un-acked messages in all (the two-coach trial keeps the simulator's 40,000):
    // with 20 coaches at 40,000 a loaded machine kept messages past the 30 s ack timeout and the units
    // republished (651 s against 323 s, bench/RESULTS.md).
    ...(fleet ? { fleet, fleetInFlight: FLEET_REPLAY_IN_FLIGHT } : {}),
    ...(flags.until ? { until: flags.until } : {}),
  };
  const bar = createProgressBar();
  try {
    if (flags['single-thread']) return (await simulate(input, { onProgress: (p) => bar.update(p) })).report;
    return await simulateInChild(input, (p) => bar.update(p));
  } finally {
    bar.stop();
    process.stdout.write(`\nGround truth: ${out}\n`);
  }
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const config = loadTrialConfig(flags);
  const server = await startServer(config);
  const stop = async (code: number) => {
    await server.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  const u = server.httpUrl;
  const trial = await trialOf(server);
  const tablet = firstCandidate(trial);
  // The dashboard is live during the replay: open it now and watch the coaches move.
  process.stdout.write(
    [
      '',
      `Dashboard             ${u}/dashboard   (log in as ${config.ADMIN_USERNAME} / ${config.NODE_ENV === 'production' ? '(ADMIN_PASSWORD)' : config.ADMIN_PASSWORD})`,
      ...(trial ? [`Trial                 ${describeTrial(trial)}`] : []),
      ...(tablet ? [`Passenger tablet      ${u}/tablet/${tablet}`] : []),
      `Driver questionnaire  ${u}/driver`,
      `API (OpenAPI)         ${u}/api/docs   (API tokens: see ENGINEER_TOKENS)`,
      `Health / metrics      ${u}/health  ${u}/metrics`,
      `MQTT broker           ${server.runtime.mqttUrl}`,
      '',
    ].join('\n'),
  );

  let failed = false;
  if (!flags['no-simulate']) {
    const report = await replay(flags, config, server, trial ? `“${trial.name}”` : '(no trial configuration served here)');
    process.stdout.write(
      `Replayed ${(report.simulatedSeconds / 86400).toFixed(1)} simulated days in ${(report.wallMs / 1000).toFixed(0)} s: ` +
        `${report.telemetrySamples.toLocaleString('en')} telemetry samples.\n${summariseRun(report)}\n`,
    );
    failed = runFailed(report);
    // The report compares the trial configuration's coaches (GNV-01, DSL-01), which a fleet run does not replay.
    if (flags.fleet !== undefined)
      process.stdout.write('\nFleet run: no final report (the trial configuration names GNV-01 and DSL-01).\n');
    else
      try {
        process.stdout.write('\nWriting the final report (retour d’expérience) …\n');
        const written = await writeFinalReport(server, config, { from: flags.from, to: flags.to });
        process.stdout.write(`${written.lines.join('\n')}\nFinal report: ${written.folder}\n`);
      } catch (error) {
        // The replay's own verdict stands; a report that could not be written is said, and fails the run.
        process.stderr.write(`the final report could not be written: ${(error as Error).message}\n`);
        failed = true;
      }
  }
  process.stdout.write(`\n${flags['exit-after'] ? 'Done.' : 'Serving; Ctrl-C to stop.'}\n`);
  if (flags['exit-after']) await stop(failed ? 1 : 0);
  else if (failed) process.exitCode = 1;
}

void main().catch((error: Error) => {
  process.stderr.write(`fatal: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
