import type { Response } from 'express';
import { toCsv } from './csv';

/** JSON as is, or CSV (with a download name) when the query asked for format=csv. */
export function respond<T>(res: Response, format: 'json' | 'csv', name: string, rows: readonly T[]): readonly T[] | string {
  if (format !== 'csv') return rows;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  return toCsv(rows);
}
