/**
 * `npm run retention -- --older-than-days 365 [--out DIR] [--dry-run] [--month YYYY-MM]` archives
 * every month partition of raw telemetry whose whole month ended more than N days ago to
 * `DIR/telemetry-YYYY-MM.csv.gz` with its manifest, then drops it (apps/server/src/retention: the
 * rules). `npm run retention -- --restore DIR/telemetry-YYYY-MM.manifest.json` puts a month back.
 * Reads the embedded data folder (DATA_DIR: stop the server first, PGlite is one process's) or the
 * PostgreSQL of DATABASE_URL (the server may run: the rollup's locks are taken). Exit codes: 0 done,
 * 1 failure, 2 bad flags or archive, 3 refused (a vehicle-day of the month is not rolled up).
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { fieldErrors } from '../../server/src/common/api-error';
import { ConfigError, loadConfig, type AppConfig } from '../../server/src/config/app-config';
import { openDataSource } from '../../server/src/database/data-source';
import { isMonth } from '../../server/src/database/telemetry-partitions';
import { startEmbeddedDatabase } from '../../server/src/infra/embedded-database';
import { ArchiveInvalid, RetentionRefused, RetentionService, type RowProgress } from '../../server/src/retention/retention.service';

export const EXIT = { ok: 0, failed: 1, invalid: 2, refused: 3 } as const;

const HELP = `Usage: npm run retention -- --older-than-days N [options]
       npm run retention -- --restore FILE

  --older-than-days N   archive each month partition whose whole month ended more than N days ago
  --month YYYY-MM       only this month (it must be older than the cut-off too)
  --out DIR             where the CSV.gz and manifest files go (default <DATA_DIR>/archive)
  --dry-run             check and count, write and drop nothing
  --restore FILE        put an archived month back (its .manifest.json or .csv.gz)
  --no-progress         no progress bar
  -h, --help

Reads the embedded data folder (DATA_DIR, default ./data) or DATABASE_URL.
Exit codes: 0 done, 1 failure, 2 bad flags or archive, 3 refused (a vehicle-day not rolled up).
`;

const flagsSchema = z
  .object({
    'older-than-days': z.coerce.number().int('a whole number of days').min(1, 'at least 1 day').max(36_500).optional(),
    month: z.string().refine(isMonth, 'a month YYYY-MM').optional(),
    out: z.string().min(1).optional(),
    'dry-run': z.boolean().optional(),
    restore: z.string().min(1, 'a manifest or .csv.gz file').optional(),
    'no-progress': z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.restore !== undefined) {
      for (const k of ['older-than-days', 'month', 'dry-run'] as const)
        if (f[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'not with --restore' });
    } else if (f['older-than-days'] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['older-than-days'], message: 'required (or --restore FILE)' });
    }
  });
export type RetentionFlags = z.infer<typeof flagsSchema>;

export class FlagsError extends Error {}

/** The flags, or a FlagsError naming each bad one (the messages of the project's field errors). */
export function parseFlags(argv: string[]): RetentionFlags | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'older-than-days': { type: 'string' },
        month: { type: 'string' },
        out: { type: 'string' },
        'dry-run': { type: 'boolean' },
        restore: { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new FlagsError((error as Error).message);
  }
  if (values.help) return 'help';
  delete values.help;
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success)
    throw new FlagsError(
      `Invalid flags:\n${fieldErrors(parsed.error)
        .map((e) => `  --${e.path || 'flags'}: ${e.message}`)
        .join('\n')}`,
    );
  return parsed.data;
}

/** A bar on a terminal; otherwise a line per 10 % (CI, a log file). */
function rowBar(enabled: boolean, write: (s: string) => void): { start(label: string): RowProgress; stop(): void } {
  let bar: SingleBar | null = null;
  return {
    start(label) {
      bar?.stop();
      bar = null;
      if (!enabled) return () => undefined;
      if (!process.stdout.isTTY) {
        let decile = -1;
        return (done, total) => {
          const d = total ? Math.floor((done / total) * 10) : 10;
          if (d !== decile) write(`${label}: ${done}/${total} rows\n`);
          decile = d;
        };
      }
      const b = new SingleBar({ format: `${label} {bar} {value}/{total} rows`, hideCursor: true });
      bar = b;
      b.start(1, 0);
      return (done, total) => {
        b.setTotal(Math.max(total, 1));
        b.update(done);
      };
    },
    stop: () => bar?.stop(),
  };
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (s: string) => void;
  err: (s: string) => void;
  now?: number;
}

/** The whole command; returns its exit code (the tests call it in-process). */
export async function runRetention(argv: string[], io: CliIo): Promise<number> {
  let parsed: { flags: RetentionFlags; config: AppConfig } | 'help';
  try {
    const flags = parseFlags(argv);
    parsed = flags === 'help' ? 'help' : { flags, config: loadConfig({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'warn', ...io.env }) };
  } catch (error) {
    if (error instanceof FlagsError || error instanceof ConfigError) {
      io.err(`${error.message}\n\nRun with --help for the options.\n`);
      return EXIT.invalid;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  const { flags, config } = parsed;
  const embedded = config.DATABASE_URL ? null : await startEmbeddedDatabase(resolve(join(config.DATA_DIR, 'pglite')));
  const dataSource = await openDataSource(config.DATABASE_URL ?? embedded!.url, 1);
  const service = new RetentionService(dataSource, config.DATABASE_URL ? 'postgres' : 'pglite');
  const bar = rowBar(flags['no-progress'] !== true, io.out);
  try {
    if (flags.restore !== undefined) {
      const r = await service.restore(resolve(flags.restore), { onProgress: bar.start(`restore`) });
      bar.stop();
      io.out(`Restored ${r.month}: ${r.rows} rows read, ${r.inserted} inserted (${(r.ms / 1000).toFixed(1)} s)\n`);
      return EXIT.ok;
    }
    const months = await service.monthsOlderThan(flags['older-than-days']!, io.now ?? Date.now(), flags.month);
    if (months.length === 0) {
      io.out(
        `Nothing to archive: no month partition ${flags.month ? `${flags.month} ` : ''}ended more than ${flags['older-than-days']} days ago.\n`,
      );
      return EXIT.ok;
    }
    const outDir = resolve(flags.out ?? join(config.DATA_DIR, 'archive'));
    for (const month of months) {
      const r = await service.archiveMonth(month, outDir, { dryRun: flags['dry-run'], onProgress: bar.start(`archive ${month}`) });
      bar.stop();
      io.out(
        r.dryRun
          ? `${month}: would archive ${r.rows} rows (${r.vehicleDays} vehicle-days, all rolled up) and drop its partition\n`
          : `${month}: ${r.rows} rows → ${r.file} (${((r.bytes ?? 0) / 1e6).toFixed(2)} MB), ${r.keptRatingConditions} rating condition(s) kept, ${r.finalDays} rollup day(s) final, partition dropped (${(r.ms / 1000).toFixed(1)} s)\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    bar.stop();
    if (error instanceof RetentionRefused) {
      io.err(`Refused: ${error.message}\n`);
      return EXIT.refused;
    }
    if (error instanceof ArchiveInvalid) {
      io.err(`Invalid archive: ${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

if (require.main === module) {
  runRetention(process.argv.slice(2), { env: process.env, out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: Error) => {
      process.stderr.write(`retention failed: ${error.stack ?? error.message}\n`);
      process.exitCode = EXIT.failed;
    });
}
