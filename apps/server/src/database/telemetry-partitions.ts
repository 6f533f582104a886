/**
 * The raw telemetry is partitioned by RANGE (ts), one partition per month of Europe/Paris (so a
 * service day, Paris midnight to midnight, always lies in one partition and a month can be archived
 * with its days whole), plus a DEFAULT partition that catches a sample whose month has no partition
 * yet. Names: telemetry_y2018m06. Same SQL on PostgreSQL 15 and PGlite (no extension).
 *
 * Only queries here; the service (ingest/telemetry-partitions.service.ts) decides when to create.
 */
import { parisMidnightUtc } from '@app/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { advisoryXactLock } from '../common/advisory-lock';

type Db = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export const TELEMETRY_DEFAULT_PARTITION = 'telemetry_default';
/** Serialises partition changes across processes (common/advisory-lock). */
export const PARTITION_LOCK = 'telemetry-partitions';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const NAME = /^telemetry_y(\d{4})m(\d{2})$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

export function partitionName(month: string): string {
  const [, y, m] = MONTH.exec(month) ?? [];
  if (!y) throw new Error(`not a month (YYYY-MM): ${month}`);
  return `telemetry_y${y}m${m}`;
}

export function monthOfPartition(name: string): string | null {
  const [, y, m] = NAME.exec(name) ?? [];
  return y ? `${y}-${m}` : null;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** [from, to) of a Paris month, as UTC ISO instants. */
export function monthBounds(month: string): { from: string; to: string } {
  partitionName(month);
  return {
    from: new Date(parisMidnightUtc(`${month}-01`)).toISOString(),
    to: new Date(parisMidnightUtc(`${nextMonth(month)}-01`)).toISOString(),
  };
}

/**
 * The Paris month of an instant is one of these two (Paris is UTC+1 or UTC+2): the ingest's cheap
 * hint of which partitions a sample needs; the other one is a neighbour, created ahead anyway.
 */
export function parisMonthsOf(tsMs: number): [string, string] {
  return [new Date(tsMs + 3600_000).toISOString().slice(0, 7), new Date(tsMs + 2 * 3600_000).toISOString().slice(0, 7)];
}

/** The service dates (Paris) of a month. */
export function datesOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** DDL of an empty month partition (the table must have no DEFAULT rows of that range). */
export function createMonthPartitionSql(month: string): string {
  const { from, to } = monthBounds(month);
  return `CREATE TABLE ${partitionName(month)} PARTITION OF telemetry FOR VALUES FROM ('${from}') TO ('${to}')`;
}

/** The month partitions attached to telemetry, oldest first. */
export async function listMonthPartitions(db: Db): Promise<string[]> {
  const rows: Array<{ name: string }> = await db.query(
    `SELECT c.relname AS name FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'telemetry'`,
  );
  return rows
    .map((r) => monthOfPartition(r.name))
    .filter((m): m is string => m !== null)
    .sort();
}

/** The Paris months of the rows waiting in the DEFAULT partition. */
export async function monthsInDefault(db: Db): Promise<string[]> {
  const rows: Array<{ month: string }> = await db.query(
    `SELECT DISTINCT to_char(ts AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month FROM ${TELEMETRY_DEFAULT_PARTITION} ORDER BY 1`,
  );
  return rows.map((r) => r.month);
}

/**
 * Creates the partition of `month` if it is missing, inside the caller's transaction. PostgreSQL
 * refuses a partition whose range has rows in DEFAULT, so those rows move first: the DEFAULT
 * partition is locked (a concurrent insert that would land there waits), the month's rows are
 * copied to a standalone table and deleted from DEFAULT, and that table is attached. ATTACH takes
 * only SHARE UPDATE EXCLUSIVE on telemetry, so inserts into other months go on meanwhile.
 * Returns the rows moved, or null when the partition already existed.
 */
export async function ensureMonthPartition(m: Pick<EntityManager, 'query'>, month: string): Promise<number | null> {
  const name = partitionName(month);
  await advisoryXactLock(m, PARTITION_LOCK);
  const [{ exists }]: Array<{ exists: boolean }> = await m.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [name]);
  if (exists) return null;
  const { from, to } = monthBounds(month);
  await m.query(`LOCK TABLE ${TELEMETRY_DEFAULT_PARTITION} IN ACCESS EXCLUSIVE MODE`);
  const [{ n }]: Array<{ n: number }> = await m.query(
    `SELECT count(*)::int AS n FROM ${TELEMETRY_DEFAULT_PARTITION} WHERE ts >= $1 AND ts < $2`,
    [from, to],
  );
  // Created standalone then attached even when nothing moves: CREATE TABLE … PARTITION OF would take
  // ACCESS EXCLUSIVE on telemetry while we hold DEFAULT, deadlocking with an ingest transaction that
  // has inserted into a month and waits to insert into DEFAULT.
  await m.query(`CREATE TABLE ${name} (LIKE telemetry INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  if (n > 0) {
    await m.query(`INSERT INTO ${name} SELECT * FROM ${TELEMETRY_DEFAULT_PARTITION} WHERE ts >= $1 AND ts < $2`, [from, to]);
    await m.query(`DELETE FROM ${TELEMETRY_DEFAULT_PARTITION} WHERE ts >= $1 AND ts < $2`, [from, to]);
  }
  await m.query(`ALTER TABLE telemetry ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`);
  return n;
}
