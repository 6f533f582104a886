/**
 * The retention's rules (npm run retention, apps/retention): a month partition of raw telemetry
 * older than the cut-off is archived to CSV.gz with a JSON manifest, then dropped, while the
 * rollups and the report keep every figure:
 *  - refused (RetentionRefused) while any vehicle-day of the month is not rolled up: its figures
 *    would have to come from rows that are about to go;
 *  - the rollup's per-vehicle-day locks are held for the whole run, so a running rollup finishes
 *    before, and none starts on those days during the drop;
 *  - the partition is locked against inserts (SHARE) while its rows are written, counted and dropped
 *    in one transaction: a late row either waits and lands in DEFAULT after the drop, or was archived;
 *  - the ratings' conditions read from those rows are kept (rating_condition_archive), and the days'
 *    rollups are marked final so that no rollup recomputes them from an empty raw table.
 * A restore puts the rows back (the month's partition recreated, DEFAULT rows moved into it).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { RATING_WINDOW_MIN } from '../analytics/rating-analytics.service';
import { RollupRepository } from '../analytics/rollup.repository';
import { rollupDayLockKey } from '../analytics/rollup.service';
import { datesOfMonth, ensureMonthPartition, isMonth, listMonthPartitions, monthBounds } from '../database/telemetry-partitions';
import type { Runtime } from '../runtime';
import { archiveLine, parseArchiveLine } from './archive-csv';
import { RetentionRepository, type TextRow } from './retention.repository';

const BATCH_ROWS = 5000;
export const ARCHIVE_FORMAT = 'telemetry-csv-gz/1';

export const archiveManifestSchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    table: z.literal('telemetry'),
    month: z.string().refine(isMonth, 'a month YYYY-MM'),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    file: z.string().min(1),
    rows: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    columns: z.array(z.object({ name: z.string(), type: z.string() })).min(3),
    archivedAt: z.iso.datetime(),
  })
  .strict();
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

/** A month that must not be archived yet (exit 3 in the CLI). */
export class RetentionRefused extends Error {
  constructor(
    readonly month: string,
    readonly days: string[],
  ) {
    super(
      `month ${month} not archived: ${days.length} vehicle-day(s) not rolled up (${days.slice(0, 5).join(', ')}${days.length > 5 ? ', …' : ''}); run the rollup first`,
    );
  }
}

/** An archive that cannot be restored as it is (bad manifest, checksum, columns). */
export class ArchiveInvalid extends Error {}

export interface ArchiveOutcome {
  month: string;
  rows: number;
  vehicleDays: number;
  dryRun: boolean;
  /** Written files (not on a dry run). */
  file?: string;
  manifest?: string;
  bytes?: number;
  keptRatingConditions?: number;
  finalDays?: number;
  ms: number;
}

export interface RestoreOutcome {
  month: string;
  rows: number;
  inserted: number;
  ms: number;
}

export type RowProgress = (done: number, total: number) => void;

const dayKey = (vehicleId: string, date: string) => `${vehicleId}|${date}`;
const splitDayKey = (key: string) => key.split('|') as [string, string];

export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseKind: Runtime['databaseKind'],
    private readonly repository = new RetentionRepository(),
    private readonly rollups = new RollupRepository(),
  ) {}

  /** Month partitions whose whole range ended at least `days` days before `now` (optionally only `month`). */
  async monthsOlderThan(days: number, now = Date.now(), month?: string): Promise<string[]> {
    const cutoff = now - days * 86_400_000;
    return (await listMonthPartitions(this.dataSource)).filter((m) => Date.parse(monthBounds(m).to) <= cutoff && (!month || m === month));
  }

  async archiveMonth(month: string, outDir: string, options: { dryRun?: boolean; onProgress?: RowProgress } = {}): Promise<ArchiveOutcome> {
    const started = performance.now();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const db = runner.manager;
    try {
      const dates = datesOfMonth(month);
      const [first, last] = [dates[0], dates[dates.length - 1]];
      const withRows = await this.repository.vehicleDays(db, month);
      const counted = await this.rollups.signatures(db, null, first, last);
      const keys = [...new Set([...withRows, ...counted].map((d) => dayKey(d.vehicle_id, d.service_date)))].sort();
      await this.lockDays(db, keys);
      try {
        const notRolledUp = await this.notRolledUp(db, first, last, withRows);
        if (notRolledUp.length) throw new RetentionRefused(month, notRolledUp);
        if (options.dryRun)
          return {
            month,
            rows: await this.repository.countRows(db, month),
            vehicleDays: keys.length,
            dryRun: true,
            ms: performance.now() - started,
          };
        return {
          ...(await this.archiveLocked(runner.manager, runner, month, outDir, options.onProgress)),
          vehicleDays: keys.length,
          ms: performance.now() - started,
        };
      } finally {
        await this.unlockDays(db, keys);
      }
    } finally {
      await runner.release();
    }
  }

  async restore(file: string, options: { onProgress?: RowProgress } = {}): Promise<RestoreOutcome> {
    const started = performance.now();
    const { manifest, dataFile } = await this.readManifest(file);
    const sha256 = createHash('sha256');
    for await (const chunk of createReadStream(dataFile)) sha256.update(chunk as Buffer);
    if (sha256.digest('hex') !== manifest.sha256)
      throw new ArchiveInvalid(`${dataFile}: sha256 differs from its manifest (damaged or not this archive)`);

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const db = runner.manager;
    try {
      const columns = await this.repository.columns(db);
      if (JSON.stringify(columns) !== JSON.stringify(manifest.columns))
        throw new ArchiveInvalid(`${dataFile}: its columns are not telemetry's any more; restore it with the version that archived it`);
      await runner.startTransaction();
      try {
        await ensureMonthPartition(db, manifest.month);
        const lines = createInterface({ input: createReadStream(dataFile).pipe(createGunzip()), crlfDelay: Infinity });
        let header = true;
        let rows = 0;
        let inserted = 0;
        let batch: TextRow[] = [];
        const flush = async () => {
          inserted += await this.repository.insertRows(db, columns, batch);
          rows += batch.length;
          batch = [];
          options.onProgress?.(rows, manifest.rows);
        };
        for await (const line of lines) {
          if (header) {
            if (line !== columns.map((c) => c.name).join(',')) throw new ArchiveInvalid(`${dataFile}: unexpected header`);
            header = false;
            continue;
          }
          if (line === '') continue;
          const values = parseArchiveLine(line);
          if (values.length !== columns.length)
            throw new ArchiveInvalid(`${dataFile}: line ${rows + batch.length + 2} has ${values.length} values`);
          batch.push(values);
          if (batch.length >= BATCH_ROWS) await flush();
        }
        await flush();
        if (rows !== manifest.rows) throw new ArchiveInvalid(`${dataFile}: ${rows} rows, its manifest says ${manifest.rows}`);
        const dates = datesOfMonth(manifest.month);
        // The raw rows are back: the days behave like any other again (their signatures are unchanged, so nothing recomputes).
        await this.repository.markFinal(db, dates[0], dates[dates.length - 1], false);
        await runner.commitTransaction();
        return { month: manifest.month, rows, inserted, ms: performance.now() - started };
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /** Export, keep, mark and drop, in one transaction holding the partition against inserts. */
  private async archiveLocked(
    db: EntityManager,
    runner: { startTransaction(): Promise<void>; commitTransaction(): Promise<void>; rollbackTransaction(): Promise<void> },
    month: string,
    outDir: string,
    onProgress?: RowProgress,
  ): Promise<Omit<ArchiveOutcome, 'vehicleDays' | 'ms'>> {
    const { from, to } = monthBounds(month);
    const dir = resolve(outDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `telemetry-${month}.csv.gz`);
    const manifestFile = join(dir, `telemetry-${month}.manifest.json`);
    const partial = [`${file}.partial`, `${manifestFile}.partial`];
    await runner.startTransaction();
    try {
      await this.repository.lockPartition(db, month);
      // Again under the lock: a row that arrived since the check would leave its day's rollup behind.
      const dates = datesOfMonth(month);
      const notRolledUp = await this.notRolledUp(db, dates[0], dates[dates.length - 1], await this.repository.vehicleDays(db, month));
      if (notRolledUp.length) throw new RetentionRefused(month, notRolledUp);
      const columns = await this.repository.columns(db);
      const total = await this.repository.countRows(db, month);
      const { rows, bytes, sha256 } = await this.writeArchive(db, month, columns, partial[0], total, onProgress);
      if (rows !== total) throw new Error(`month ${month}: ${rows} rows written, ${total} counted`);
      const manifest: ArchiveManifest = {
        format: ARCHIVE_FORMAT,
        table: 'telemetry',
        month,
        from,
        to,
        file: basename(file),
        rows,
        bytes,
        sha256,
        columns,
        archivedAt: new Date().toISOString(),
      };
      await writeFile(partial[1], `${JSON.stringify(manifest, null, 2)}\n`);
      const keptRatingConditions = await this.repository.keepRatingConditions(db, from, to, RATING_WINDOW_MIN);
      const finalDays = await this.repository.markFinal(db, dates[0], dates[dates.length - 1], true);
      await this.repository.dropPartition(db, month);
      // The files are complete before the rows go: a crash after this leaves them and the partition, and a rerun rewrites them.
      await rename(partial[0], file);
      await rename(partial[1], manifestFile);
      await runner.commitTransaction();
      return { month, rows, dryRun: false, file, manifest: manifestFile, bytes, keptRatingConditions, finalDays };
    } catch (error) {
      await runner.rollbackTransaction();
      for (const f of partial) await unlink(f).catch(() => undefined);
      throw error;
    }
  }

  private async writeArchive(
    db: EntityManager,
    month: string,
    columns: Awaited<ReturnType<RetentionRepository['columns']>>,
    path: string,
    total: number,
    onProgress?: RowProgress,
  ): Promise<{ rows: number; bytes: number; sha256: string }> {
    const gzip = createGzip();
    const hash = createHash('sha256');
    let bytes = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    const written = pipeline(gzip, hasher, createWriteStream(path));
    const write = async (s: string) => {
      if (!gzip.write(s)) await Promise.race([once(gzip, 'drain'), written]);
    };
    let rows = 0;
    try {
      await write(columns.map((c) => c.name).join(',') + '\n');
      let after: TextRow | null = null;
      for (;;) {
        const batch = await this.repository.rowsAfter(db, month, columns, after, BATCH_ROWS);
        if (batch.length === 0) break;
        await write(batch.map(archiveLine).join(''));
        rows += batch.length;
        after = batch[batch.length - 1];
        onProgress?.(rows, total);
      }
    } finally {
      gzip.end();
    }
    await written;
    const handle = await open(path, 'r+');
    await handle.sync();
    await handle.close();
    return { rows, bytes, sha256: hash.digest('hex') };
  }

  /** Vehicle-days of the month whose rollup is missing or older than their data (final days count as done). */
  private async notRolledUp(
    db: EntityManager,
    first: string,
    last: string,
    withRows: Array<{ vehicle_id: string; service_date: string }>,
  ): Promise<string[]> {
    const states = new Map((await this.repository.rollupStates(db, first, last)).map((s) => [dayKey(s.vehicle_id, s.service_date), s]));
    const bad = new Set<string>();
    for (const d of await this.rollups.signatures(db, null, first, last)) {
      if (states.get(dayKey(d.vehicle_id, d.service_date))?.signature !== d.signature) bad.add(dayKey(d.vehicle_id, d.service_date));
    }
    for (const d of withRows) if (!states.has(dayKey(d.vehicle_id, d.service_date))) bad.add(dayKey(d.vehicle_id, d.service_date));
    return [...bad].sort().map((k) => k.replace('|', ' '));
  }

  /**
   * The rollup's session lock of each vehicle-day (rollup.service.ts withDayLock), waited for in key
   * order on this run's one connection. On PGlite the CLI is the database's only process: no lock.
   */
  private async lockDays(db: EntityManager, keys: readonly string[]): Promise<void> {
    if (this.databaseKind === 'pglite') return;
    for (const k of keys) await db.query('SELECT pg_advisory_lock(hashtext($1))', [rollupDayLockKey(...splitDayKey(k))]);
  }

  private async unlockDays(db: EntityManager, keys: readonly string[]): Promise<void> {
    if (this.databaseKind === 'pglite') return;
    for (const k of keys) await db.query('SELECT pg_advisory_unlock(hashtext($1))', [rollupDayLockKey(...splitDayKey(k))]);
  }

  private async readManifest(file: string): Promise<{ manifest: ArchiveManifest; dataFile: string }> {
    const manifestFile = file.endsWith('.csv.gz') ? file.replace(/\.csv\.gz$/, '.manifest.json') : file;
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(manifestFile, 'utf8'));
    } catch (error) {
      throw new ArchiveInvalid(`${manifestFile}: not a readable manifest (${(error as Error).message})`);
    }
    const parsed = archiveManifestSchema.safeParse(raw);
    if (!parsed.success)
      throw new ArchiveInvalid(
        `${manifestFile}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; ')}`,
      );
    if (parsed.data.from !== monthBounds(parsed.data.month).from) throw new ArchiveInvalid(`${manifestFile}: its range is not the month's`);
    return { manifest: parsed.data, dataFile: join(dirname(manifestFile), basename(parsed.data.file)) };
  }
}
