import { once } from 'node:events';
import type { Request, Response } from 'express';

/** `?format=csv`, or no format and an Accept header that prefers text/csv. */
export const wantsCsv = (format: 'json' | 'csv' | undefined, req: Request): boolean =>
  format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');

/** Streams CSV chunks with back-pressure; UTF-8 with a BOM so that spreadsheets read the accents. */
export async function sendCsv(res: Response, filename: string, chunks: AsyncIterable<string>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.write('\uFEFF');
  try {
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  } catch (error) {
    // Headers are gone: all we can do is cut the response so the client sees it is incomplete.
    res.destroy(error as Error);
  }
}
