/**
 * npm run provision -- --fleet N | --fleet-file F --api URL --token T [--out FILE]
 * Registers N generated coaches (lines 101 and 102, powertrains in turn) or those of a fleet file,
 * and a tablet token for each, through the admin API of a running server, and writes the fleet
 * file the simulator reads (`npm run simulate -- --fleet-file FILE`), secrets included (mode 0600).
 * An existing FILE is read first: coaches it already holds keep their secrets.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { generateFleet, MAX_FLEET, readFleetFile, type FleetEntry } from '../simulator/src/fleet';
import { provisionFleet, ProvisionError } from '../simulator/src/provision';

const USAGE = `Usage: npm run provision -- (--fleet N | --fleet-file FILE) --api URL --token TOKEN [--out FILE]

  --fleet N          N coaches (1–${MAX_FLEET}) alternately on lines 101 and 102, powertrains cng, diesel, biognv, hybrid in turn
  --fleet-file FILE  the coaches of a fleet file ({ "vehicles": [{ "id", "powertrain", "lineId", "label"? }] })
  --api URL          the server (http:// or https://)
  --token TOKEN      an admin API token (ADMIN_TOKENS)
  --out FILE         where to write the fleet file with the secrets (default data/fleet.json)
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseFlags() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        fleet: { type: 'string' },
        'fleet-file': { type: 'string' },
        api: { type: 'string' },
        token: { type: 'string' },
        out: { type: 'string', default: 'data/fleet.json' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const str = (k: string) => values[k] as string | undefined;
  if ((str('fleet') === undefined) === (str('fleet-file') === undefined)) fail('give exactly one of --fleet N and --fleet-file FILE');
  let vehicles: FleetEntry[];
  if (str('fleet') !== undefined) {
    const n = str('fleet')!;
    if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > MAX_FLEET) fail(`--fleet: "${n}" is not a whole number from 1 to ${MAX_FLEET}`);
    vehicles = generateFleet(Number(n));
  } else {
    try {
      vehicles = readFleetFile(str('fleet-file')!).vehicles;
    } catch (error) {
      fail(`--fleet-file: ${(error as Error).message}`);
    }
  }
  const api = str('api');
  if (!api) fail('--api URL is required');
  if (!/^https?:\/\/[^\s/]+/.test(api) || !URL.canParse(api)) fail(`--api: "${api}" is not an http(s) URL`);
  const token = str('token');
  if (!token) fail('--token TOKEN is required (an admin API token)');
  return { vehicles, api, token, out: resolve(str('out')!) };
}

async function main(): Promise<void> {
  const flags = parseFlags();
  let previous;
  if (existsSync(flags.out)) {
    try {
      previous = readFleetFile(flags.out);
    } catch (error) {
      fail(`--out: ${(error as Error).message} (move it away, or choose another --out)`);
    }
  }
  const bar = new SingleBar({ format: 'provisioning {bar} {value}/{total} coaches', hideCursor: true });
  if (process.stdout.isTTY) bar.start(flags.vehicles.length, 0);
  try {
    const fleet = await provisionFleet({
      apiUrl: flags.api,
      token: flags.token,
      vehicles: flags.vehicles,
      previous,
      onProgress: (done) => process.stdout.isTTY && bar.update(done),
    });
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, `${JSON.stringify(fleet, null, 2)}\n`, { mode: 0o600 });
    bar.stop();
    process.stdout.write(`registered ${fleet.vehicles.length} coaches with their tablets; fleet file (secrets inside): ${flags.out}\n`);
  } catch (error) {
    bar.stop();
    if (error instanceof ProvisionError) {
      process.stderr.write(`provision failed: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`provision failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
