/**
 * npm run simulate -- --from 2018-06-11 --to 2018-06-12 --vehicles GNV-01,DSL-01 --speed max --seed 42
 *   --mqtt mqtt://127.0.0.1:1883 --api http://127.0.0.1:3000 --out data/ground-truth.json
 * Every flag is checked before anything connects; a bad one stops with a message naming it.
 */
import { parseArgs } from 'node:util';
import { TRIAL_PERIOD } from '@app/data';
import { FAULT_KINDS } from './faults';
import { generateFleet, MAX_FLEET, readFleetFile, type FleetFile } from './fleet';
import { provisionFleet } from './provision';
import { DEFAULT_FLEET_CREDENTIALS, DEFAULT_TABLET_TOKENS, OptionsError, parseOptions, type SimulationOptionsInput } from './options';
import { createProgressBar } from './progress';
import { runFailed, summariseRun } from './run-summary';
import { simulate, type Progress } from './run';
import type { SimulatorIpcIn, SimulatorIpcOut } from './ipc';

const HELP = `Usage: npm run simulate -- [options]

  --from YYYY-MM-DD          first simulated day, Europe/Paris (default ${TRIAL_PERIOD.from})
  --to YYYY-MM-DD            last simulated day, inclusive (default ${TRIAL_PERIOD.to})
  --vehicles LIST            GNV-01,DSL-01 (default both, or the whole fleet)
  --fleet N                  N coaches over lines 101 and 102, registered first through the admin API (--admin-token)
  --fleet-file FILE          the coaches of a fleet file written by npm run provision (secrets inside)
  --admin-token TOKEN        admin API token for --fleet N (default the dev token)
  --until HH:MM              end the last service day at this local time (a service morning)
  --speed max|N              max = as fast as the server acks; N = N× real time (nights skipped)
  --seed N                   seed of the run (default 42): same seed, same ground truth
  --mqtt URL                 broker (default mqtt://127.0.0.1:1883)
  --api URL                  server for ratings and questionnaires (default http://127.0.0.1:3000; "none" keeps them pending)
  --fleet-credentials LIST   ID:secret,… MQTT passwords (default ${DEFAULT_FLEET_CREDENTIALS})
  --tablet-tokens LIST       ID:token,… (default ${DEFAULT_TABLET_TOKENS})
  --driver-codes LIST        DRIVER:code,… (default D-01…D-08 dev codes)
  --faults LIST              ${FAULT_KINDS.join(',')} (rates: duplicate:0.002, reorder:0.002, malformed:0.001)
  --out FILE                 ground-truth JSON (default data/ground-truth-<seed>.json)
  --dry-run                  no broker: generate and serialise only, report samples/s
  --ack-timeout-ms N         republish un-acked messages after N ms (default 30000)
  --max-in-flight N          un-acked messages per unit before simulated time waits (default 20000)
  --fleet-in-flight N        un-acked messages of the whole fleet before simulated time waits (default 20000)
  --drain-timeout-ms N       give up waiting for the last acks and answers after N ms (default: wait as long as it takes)
  --engineer-token TOKEN     engineer bearer token, to ask the server what it stored (default the dev token)
  --window-seconds N         raw audit window length in seconds of 256 Hz samples (default 4)
  --no-progress              no progress bar
  --ipc                      report progress and the run report to the parent process (npm run trial)
  -h, --help
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\nRun with --help for the options.\n`);
  process.exit(2);
}

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) fail(`--${name}: "${v}" is not a whole number`);
  return Number(v);
};

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        vehicles: { type: 'string' },
        fleet: { type: 'string' },
        'fleet-file': { type: 'string' },
        'admin-token': { type: 'string' },
        until: { type: 'string' },
        'fleet-in-flight': { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        mqtt: { type: 'string' },
        api: { type: 'string' },
        'fleet-credentials': { type: 'string' },
        'tablet-tokens': { type: 'string' },
        'driver-codes': { type: 'string' },
        faults: { type: 'string' },
        out: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'ack-timeout-ms': { type: 'string' },
        'max-in-flight': { type: 'string' },
        'drain-timeout-ms': { type: 'string' },
        'window-seconds': { type: 'string' },
        'no-progress': { type: 'boolean' },
        'engineer-token': { type: 'string' },
        ipc: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  process.once('SIGTERM', () => ac.abort());
  if (values.ipc && process.send) return runForParent(ac);
  const str = (k: string) => values[k] as string | undefined;
  const speed = str('speed');
  if (speed !== undefined && speed !== 'max' && !(Number(speed) > 0))
    fail(`--speed: "${speed}" must be "max" or a positive number (×real time)`);
  const seed = str('seed') ?? '42';
  const dryRun = values['dry-run'] === true;
  if (str('fleet') !== undefined && str('fleet-file') !== undefined) fail('give at most one of --fleet and --fleet-file');
  const fleetSize = int('fleet', str('fleet'));
  if (fleetSize !== undefined && (fleetSize < 1 || fleetSize > MAX_FLEET)) fail(`--fleet: expected 1 to ${MAX_FLEET} coaches`);
  let fleetFile: FleetFile | undefined;
  if (str('fleet-file') !== undefined) {
    try {
      fleetFile = readFleetFile(str('fleet-file')!);
    } catch (error) {
      fail(`--fleet-file: ${(error as Error).message}`);
    }
  }
  const input: SimulationOptionsInput = {
    from: str('from'),
    to: str('to'),
    vehicles: str('vehicles'),
    speed: speed === undefined || speed === 'max' ? 'max' : Number(speed),
    seed,
    mqttUrl: dryRun ? null : str('mqtt'),
    apiUrl: str('api') === 'none' || dryRun ? null : str('api'),
    dryRun,
    fleetCredentials: str('fleet-credentials'),
    tabletTokens: str('tablet-tokens'),
    driverCodes: str('driver-codes'),
    faults: str('faults'),
    out: str('out') ?? `data/ground-truth-${seed}.json`,
    ackTimeoutMs: int('ack-timeout-ms', str('ack-timeout-ms')),
    maxInFlight: int('max-in-flight', str('max-in-flight')),
    fleetInFlight: int('fleet-in-flight', str('fleet-in-flight')),
    until: str('until'),
    fleet: fleetFile?.vehicles ?? (fleetSize !== undefined ? generateFleet(fleetSize) : undefined),
    drainTimeoutMs: int('drain-timeout-ms', str('drain-timeout-ms')),
    windowSeconds: int('window-seconds', str('window-seconds')),
    engineerToken: str('engineer-token'),
  };
  // Drop undefined so the schema's defaults apply.
  for (const k of Object.keys(input) as (keyof SimulationOptionsInput)[]) if (input[k] === undefined) delete input[k];
  try {
    // Coaches still to register have no secrets yet: their check waits for the registration.
    parseOptions(fleetSize !== undefined ? { ...input, dryRun: true } : input);
  } catch (error) {
    if (error instanceof OptionsError) fail(error.message);
    throw error;
  }

  // --fleet N: the coaches are registered through the product's admin API before they drive.
  if (fleetSize !== undefined && !dryRun) {
    const apiUrl = str('api') ?? 'http://127.0.0.1:3000';
    process.stdout.write(`registering ${fleetSize} coaches and their tablets on ${apiUrl} …\n`);
    input.fleet = (await provisionFleet({ apiUrl, token: str('admin-token') ?? 'admin-dev-token', vehicles: input.fleet! })).vehicles;
  }

  const bar = createProgressBar(values['no-progress'] !== true);
  const onProgress = (p: Progress) => bar.update(p);
  const { report, groundTruth } = await simulate(input, { onProgress, signal: ac.signal });
  bar.stop();
  process.stdout.write(
    `simulated ${(report.simulatedSeconds / 86400).toFixed(1)} days in ${(report.wallMs / 1000).toFixed(1)} s: ` +
      `${report.telemetrySamples} telemetry samples (${report.samplesPerSecond}/s), ${(report.payloadBytes / 1e6).toFixed(1)} MB of payloads\n`,
  );
  if (!dryRun) {
    process.stdout.write(`${summariseRun(report)}\n`);
    process.exitCode = runFailed(report) ? 1 : 0;
  }
  process.stdout.write(`ground truth (${groundTruth.schema}) written to ${input.out}\n`);
}

/**
 * Run by `npm run trial` as a process of its own (its own core): the options, secrets included,
 * come over the IPC channel rather than the command line; progress and the run report go back.
 */
async function runForParent(ac: AbortController): Promise<void> {
  const send = process.send!.bind(process);
  process.on('disconnect', () => ac.abort());
  const message = await new Promise<SimulatorIpcIn>((resolve) => process.once('message', (m) => resolve(m as SimulatorIpcIn)));
  let last = 0;
  const onProgress = (p: Progress) => {
    // At most 5 a second over IPC: the bar cannot show more, and each costs both processes.
    if (Date.now() - last < 200 && p.phase === 'running') return;
    last = Date.now();
    send({ kind: 'progress', progress: p } satisfies SimulatorIpcOut);
  };
  try {
    const { report } = await simulate(message.input, { onProgress, signal: ac.signal });
    await new Promise<void>((resolve) => send({ kind: 'done', report } satisfies SimulatorIpcOut, undefined, {}, () => resolve()));
    process.exitCode = runFailed(report) ? 1 : 0;
  } catch (error) {
    await new Promise<void>((resolve) =>
      send({ kind: 'failed', message: (error as Error).message } satisfies SimulatorIpcOut, undefined, {}, () => resolve()),
    );
    process.exitCode = error instanceof OptionsError ? 2 : 1;
  }
  process.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
