/**
 * `npm run trial` — the README's first command: starts the server (embedded PGlite + Aedes unless
 * DATABASE_URL / MQTT_URL say otherwise), replays the whole June 2018 trial through it with the
 * simulator at full speed, prints where to look, and keeps serving until Ctrl-C.
 *   npm run trial -- [--from 2018-06-08] [--to 2018-06-22] [--seed 42] [--faults …] [--no-simulate]
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { simulate } from '../../../simulator/src';
import { createProgressBar } from '../../../simulator/src/progress';
import { startServer } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    ({ values: flags } = parseArgs({
      options: {
        from: { type: 'string', default: '2018-06-08' }, to: { type: 'string', default: '2018-06-22' },
        seed: { type: 'string', default: '42' }, faults: { type: 'string' }, 'no-simulate': { type: 'boolean' },
        'exit-after': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\nUsage: npm run trial -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--seed N] [--faults LIST] [--no-simulate] [--exit-after]`);
  }
  let config;
  try {
    // The trial is watched from a terminal: readable logs, warnings only, unless told otherwise.
    config = loadConfig({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const server = await startServer(config);
  const logger = new Logger('Trial');
  const stop = async () => { await server.stop(); process.exit(0); };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  if (!flags['no-simulate']) {
    const out = resolve(join(config.DATA_DIR, `ground-truth-${String(flags.seed)}.json`));
    process.stdout.write(`Replaying line 101, ${String(flags.from)} → ${String(flags.to)} (GNV-01 CNG and DSL-01 diesel), seed ${String(flags.seed)}\n`);
    const bar = createProgressBar();
    const { report } = await simulate({
      from: flags.from as string, to: flags.to as string, seed: flags.seed as string, speed: 'max',
      mqttUrl: server.runtime.mqttUrl, apiUrl: server.httpUrl, faults: flags.faults as string | undefined, out,
      fleetCredentials: config.FLEET_CREDENTIALS, tabletTokens: config.TABLET_TOKENS, driverCodes: config.DRIVER_CODES,
    }, { onProgress: (p) => bar.update(p) });
    bar.stop();
    process.stdout.write(
      `\nReplayed ${(report.simulatedSeconds / 86400).toFixed(1)} simulated days in ${(report.wallMs / 1000).toFixed(0)} s: ` +
      `${report.telemetrySamples.toLocaleString('en')} telemetry samples, ${report.drained ? 'all acknowledged' : `${report.waitingAtEnd} still un-acked`}.\n` +
      `Ground truth: ${out}\n`,
    );
  }
  const u = server.httpUrl;
  process.stdout.write([
    '',
    `Passenger tablet      ${u}/tablet/GNV-01`,
    `Driver questionnaire  ${u}/driver`,
    `API (OpenAPI)         ${u}/api/docs   (engineer token: see ENGINEER_TOKENS)`,
    `Health / metrics      ${u}/health  ${u}/metrics`,
    `MQTT broker           ${server.runtime.mqttUrl}`,
    '',
    flags['exit-after'] ? 'Done.' : 'Serving; Ctrl-C to stop.',
    '',
  ].join('\n'));
  if (flags['exit-after']) await stop();
  logger.debug('trial finished');
}

void main().catch((error: Error) => {
  process.stderr.write(`fatal: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
