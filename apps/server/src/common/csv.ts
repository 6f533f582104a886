/**
 * The one CSV writer of the API's exports (analytics tables, ratings, questionnaires).
 *  - RFC 4180: comma separator, CRLF line ends, a cell holding `"`, `,`, CR or LF is quoted with
 *    its quotes doubled. Cells holding `;` are quoted too, so that a spreadsheet set to the French
 *    `;` separator still keeps them whole.
 *  - Formula guard (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`, tab or
 *    CR gets a leading apostrophe, so a passenger's comment never runs as a formula in an
 *    engineer's spreadsheet. Numbers are written as numbers (a negative number stays `-2`).
 *  - Numbers keep full precision; NaN and ±Infinity are empty; dates are ISO-8601 UTC.
 *  - The UTF-8 byte-order mark is written once by sendCsv (csv-response.ts): without it Excel
 *    reads UTF-8 as Windows-1252 and mangles the accents of stop names and comments; CSV readers
 *    of code (Python's utf-8-sig, pandas, csv-parse with `bom: true`) skip it.
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;

/** Nested objects become dotted columns (`fuel.used`); arrays are one JSON cell. */
function flatten(value: unknown, prefix: string, out: Record<string, CsvValue>): void {
  if (value instanceof Date || value === null || value === undefined || typeof value !== 'object') {
    out[prefix] = typeof value === 'bigint' ? value.toString() : (value as CsvValue);
    return;
  }
  if (Array.isArray(value)) {
    out[prefix] = JSON.stringify(value);
    return;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

/** Rows per chunk of csvTable: large enough to write efficiently, small enough to stream. */
const TABLE_CHUNK_ROWS = 500;

/**
 * Any table the API returns as CSV chunks: a header of every column in order of first
 * appearance, then the rows, a chunk of TABLE_CHUNK_ROWS at a time.
 */
export function* csvTable(rows: readonly unknown[]): Generator<string> {
  const flat = rows.map((r) => {
    const o: Record<string, CsvValue> = {};
    flatten(r, '', o);
    return o;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of flat)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  yield csvLine(columns);
  for (let i = 0; i < flat.length; i += TABLE_CHUNK_ROWS) {
    yield flat
      .slice(i, i + TABLE_CHUNK_ROWS)
      .map((r) => csvLine(columns.map((c) => r[c])))
      .join('');
  }
}
