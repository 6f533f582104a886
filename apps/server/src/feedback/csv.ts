/**
 * CSV for the engineers' exports (RFC 4180: comma, CRLF, quotes doubled). Text cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading apostrophe: a
 * passenger's comment must never execute in an engineer's Excel.
 */
const PARIS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `2018-06-11 09:42:13` in Europe/Paris (what engineers read); the ISO UTC column stays beside it. */
export const parisTime = (d: Date | string | null): string | null => (d === null ? null : PARIS.format(new Date(d)));

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;
