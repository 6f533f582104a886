/**
 * CSV export of any table the API returns: nested objects are flattened to dotted column names,
 * numbers keep full precision, dates are ISO-8601 UTC. RFC 4180 quoting; a UTF-8 BOM so that
 * spreadsheet software reads the accents of stop names.
 */
type Cell = string | number | boolean | null | undefined | Date;

function flatten(value: unknown, prefix: string, out: Record<string, Cell>): void {
  if (value instanceof Date || value === null || value === undefined || typeof value !== 'object') {
    out[prefix] = value as Cell;
    return;
  }
  if (Array.isArray(value)) {
    out[prefix] = JSON.stringify(value);
    return;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

const cell = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(rows: readonly unknown[]): string {
  const flat = rows.map((r) => { const o: Record<string, Cell> = {}; flatten(r, '', o); return o; });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of flat) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
  const lines = [columns.map(cell).join(','), ...flat.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
