/**
 * The archive's CSV (RFC 4180, LF line ends): values are PostgreSQL's text output, written as they
 * are, so a restore casts them back exactly. NULL is an empty cell; an empty string is `""`. Not
 * the API's csv.ts: that one guards spreadsheets (a leading `-` gets an apostrophe), which would
 * change the numbers here.
 */
import type { TextRow } from './retention.repository';

const NEEDS_QUOTES = /[",\r\n]/;

export function archiveLine(values: readonly (string | null)[]): string {
  return `${values.map((v) => (v === null ? '' : v === '' || NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
}

/** One line back to its values (the archive never holds a line break inside a value: no text column can). */
export function parseArchiveLine(line: string): TextRow {
  const out: TextRow = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted value');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const cell = comma < 0 ? line.slice(i) : line.slice(i, comma);
      out.push(cell === '' ? null : cell);
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return out;
    if (line[i] !== ',') throw new Error(`unexpected character at ${i}`);
    i++;
    if (i === line.length) {
      out.push(null);
      return out;
    }
  }
}
