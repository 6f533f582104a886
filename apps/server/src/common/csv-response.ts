/**
 * Sending an export: JSON, or CSV when the client asks for it with `?format=csv` or, without a
 * `format`, with an Accept header that prefers text/csv. The CSV is streamed chunk by chunk with
 * back-pressure (common/csv.ts writes the chunks).
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csvTable } from './csv';

export type ExportFormat = 'json' | 'csv';

const logger = new Logger('CsvExport');

/** `?format=csv`, or no format and an Accept header that prefers text/csv. */
export const wantsCsv = (format: ExportFormat | undefined, req: Pick<Request, 'accepts'>): boolean =>
  format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');

/**
 * Streams CSV chunks as a download, UTF-8 with a BOM (why: common/csv.ts). The first chunk is
 * produced before any header is sent, so an error there (a bad cursor, the database down) still
 * gets its JSON error body; an error later cuts the response, so the client sees it is incomplete.
 */
export async function sendCsv(res: ServerResponse, filename: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : toAsync(chunks[Symbol.iterator]());
  const first = await iterator.next();
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    res.write('\uFEFF');
    for (let r = first; !r.done; r = await iterator.next()) {
      if (res.destroyed) break; // the client went away: stop producing
      if (!res.write(r.value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    logger.warn(`${filename} cut after its headers: ${(error as Error).message}`);
    res.destroy();
  } finally {
    await iterator.return?.();
  }
}

/** A table as JSON, or as CSV (`rows`, flattened to columns) when the client asked for CSV. */
export async function sendTable(
  req: Request,
  res: Response,
  options: { format: ExportFormat | undefined; filename: string; rows: readonly unknown[]; json?: unknown },
): Promise<void> {
  if (wantsCsv(options.format, req)) return sendCsv(res, options.filename, csvTable(options.rows));
  res.json(options.json ?? options.rows);
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } };
}
