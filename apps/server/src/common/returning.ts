/**
 * The rows of an `UPDATE … RETURNING` (or `DELETE … RETURNING`): TypeORM's postgres driver answers
 * those with `[rows, affected]` instead of the rows (INSERT and SELECT give the rows).
 */
export function returningRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
