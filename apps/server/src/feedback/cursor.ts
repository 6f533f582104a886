/** Opaque keyset cursor of the engineers' lists: base64url of `answeredAt|id` of the last row. */
import type { Page } from '@app/contract';
import { ApiException } from '../common/api-error';
import { csvLine } from '../common/csv';
import type { Keyset } from './feedback.repository';

export const encodeCursor = (k: Keyset): string => Buffer.from(`${k.answeredAt}|${k.id}`).toString('base64url');

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  const [answeredAt, id, extra] = Buffer.from(cursor, 'base64url').toString().split('|');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (extra !== undefined || !id || !uuid.test(id) || Number.isNaN(Date.parse(answeredAt))) {
    throw new ApiException(400, 'validation_failed', 'invalid query: cursor: not a cursor returned by this endpoint', [
      { path: 'cursor', code: 'invalid_cursor', message: 'not a cursor returned by this endpoint' },
    ]);
  }
  return { answeredAt, id };
}

/** A row of the engineers' lists, ordered by (answered_at, id). */
interface KeyedRow {
  answered_at: Date;
  id: string;
}
type FetchPage<Row> = (after: Keyset | null, limit: number) => Promise<Row[]>;

/** One page after the query's cursor, and the cursor of the next one (fetches one row more to know). */
export async function keysetPage<Row extends KeyedRow, Rec>(
  fetch: FetchPage<Row>,
  cursor: string | undefined,
  limit: number,
  toRecord: (row: Row) => Rec,
): Promise<Page<Rec>> {
  const rows = await fetch(decodeCursor(cursor), limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toRecord),
    nextCursor: rows.length > limit && last ? encodeCursor({ answeredAt: last.answered_at.toISOString(), id: last.id }) : null,
  };
}

const CSV_PAGE = 1000;

/**
 * Every matching row as CSV lines, page by page (keyset), so an export of the whole trial never
 * holds it in memory. The cursor is decoded here, before the first byte is sent, so a bad one is
 * still a 400.
 */
export function keysetCsv<Row extends KeyedRow>(
  header: readonly string[],
  fetch: FetchPage<Row>,
  cursor: string | undefined,
  line: (row: Row) => string,
): AsyncGenerator<string> {
  const start = decodeCursor(cursor);
  return (async function* () {
    yield csvLine([...header]);
    for (let after = start; ;) {
      const rows = await fetch(after, CSV_PAGE);
      if (rows.length > 0) yield rows.map(line).join('');
      if (rows.length < CSV_PAGE) return;
      const last = rows[rows.length - 1];
      after = { answeredAt: last.answered_at.toISOString(), id: last.id };
    }
  })();
}
