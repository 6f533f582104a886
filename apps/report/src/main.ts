/**
 * `npm run report -- --from 2018-06-11 --to 2018-06-24 --lang fr --out report.pdf` — the experience
 * report from the command line, through the server's own reports services (apps/server/src/
 * reports: same builder, same renderers, the version stored like the API's). Reads the embedded
 * data folder (DATA_DIR, the server's default: stop the server first, PGlite is one process's) or
 * the PostgreSQL of DATABASE_URL. Brings the rollups up to date first. The extension of --out
 * decides the format (.pdf or .html). Every flag is checked before anything opens; a bad one stops
 * with a message naming it (exit 2), like the simulator's CLI.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { REPORT_DEFAULTS, reportRequestSchema, type ReportRequest } from '@app/contract';
import { TRIAL_PERIOD } from '@app/data';
import { fieldErrors } from '../../server/src/common/api-error';
import { ConfigError, loadConfig, type AppConfig } from '../../server/src/config/app-config';
import { createLogger } from '../../server/src/logger';
import { openReportContext } from '../../server/src/reports/report-context';
import type { BuildStep } from '../../server/src/reports/report-inputs';

const HELP = `Usage: npm run report -- [options]

  --from YYYY-MM-DD     first service day, Europe/Paris (default ${TRIAL_PERIOD.from})
  --to YYYY-MM-DD       last service day, inclusive (default ${TRIAL_PERIOD.to})
  --lang fr|en          language of the report (default fr; the figures are the same)
  --kind final|interim  final (default) or interim
  --out FILE            where to write it; .pdf or .html decides the format (default data/reports/retour-experience-<from>-<to>-<lang>.pdf)
  --no-progress         no progress bar
  -h, --help

Reads the embedded data folder (DATA_DIR, default ./data) or DATABASE_URL.
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\nRun with --help for the options.\n`);
  process.exit(2);
}

interface Flags {
  request: ReportRequest;
  out: string;
  format: 'pdf' | 'html';
  progress: boolean;
}

/** The flags, validated by the API's own request schema (the same messages), or an exit 2 naming each bad one. */
export function parseFlags(argv: string[]): Flags | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        lang: { type: 'string' },
        kind: { type: 'string' },
        out: { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) return 'help';
  const input = Object.fromEntries(['from', 'to', 'lang', 'kind'].filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
  const parsed = reportRequestSchema.safeParse({ ...REPORT_DEFAULTS, ...input });
  const problems = parsed.success ? [] : fieldErrors(parsed.error).map((e) => `  --${e.path || 'flags'}: ${e.message}`);
  const request = parsed.success ? parsed.data : null;
  const out =
    (values.out as string | undefined) ??
    (request ? `data/reports/retour-experience-${request.from}-${request.to}-${request.lang}.pdf` : '');
  const ext = extname(out).toLowerCase();
  if (values.out !== undefined && ext !== '.pdf' && ext !== '.html')
    problems.push(`  --out: "${out}" must end in .pdf or .html (the extension decides the format)`);
  if (problems.length || !request) fail(`Invalid flags:\n${problems.join('\n')}`);
  return { request, out: resolve(out), format: ext === '.html' ? 'html' : 'pdf', progress: values['no-progress'] !== true };
}

const STEP_LABELS: Record<BuildStep | 'rollups', string> = {
  rollups: 'rollups',
  comparison: 'comparison (bootstrap)',
  kpis: 'KPIs',
  fuel: 'fuel range',
  quality: 'data quality',
  passengers: 'passengers',
  drivers: 'drivers',
  model: 'model',
  render: 'PDF + HTML',
};

/** A bar on a terminal; otherwise one line per step (CI, a log file). */
function progressBar(enabled: boolean) {
  const total = 9;
  if (!enabled) return { step: (_: BuildStep | 'rollups', __: number) => undefined, stop: () => undefined };
  if (!process.stdout.isTTY) {
    let last = '';
    return {
      step: (s: BuildStep | 'rollups', done: number) => {
        if (s !== last) process.stdout.write(`[${done}/${total}] ${STEP_LABELS[s]}\n`);
        last = s;
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: '{bar} {value}/{total} | {step}', hideCursor: true });
  bar.start(total, 0, { step: 'opening the data' });
  return { step: (s: BuildStep | 'rollups', done: number) => bar.update(done, { step: STEP_LABELS[s] }), stop: () => bar.stop() };
}

function loadCliConfig(): AppConfig {
  try {
    return loadConfig({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = loadCliConfig();
  const started = performance.now();
  const ctx = await openReportContext(config, createLogger(config));
  const bar = progressBar(flags.progress);
  try {
    bar.step('rollups', 0);
    const rolled = await ctx.rollups.runUntilClean();
    const { request } = flags;
    const [files] = await ctx.reports.generateLanguages(request.kind, request, [request.lang], {
      trigger: 'cli',
      onProgress: (s, done) => bar.step(s, 1 + done),
      onRender: () => bar.step('render', 8),
    });
    bar.step('render', 9);
    bar.stop();
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, flags.format === 'pdf' ? files.pdf : files.html);
    const v = files.version;
    process.stdout.write(
      [
        '',
        `Data: ${ctx.where}${rolled.length ? ` (${rolled.length} vehicle-day(s) rolled up first)` : ''}`,
        `Report ${v.kind} ${v.from} → ${v.to} (${v.lang}), data up to ${v.asOf}, data hash ${v.dataHash.slice(0, 16)}…`,
        `Version ${v.id} ${files.created ? 'stored' : '(identical to the version already stored)'}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
        `Written: ${flags.out}`,
        '',
      ].join('\n'),
    );
  } finally {
    bar.stop();
    await ctx.close();
  }
}

if (require.main === module) {
  void main().catch((error: Error) => {
    process.stderr.write(`report failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
