/** Opaque keyset cursor of the engineers' lists: base64url of `answeredAt|id` of the last row. */
import { ApiException } from '../common/api-error';
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
