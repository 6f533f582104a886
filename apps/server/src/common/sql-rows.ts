/**
 * The rows of `UPDATE … RETURNING` / `DELETE … RETURNING` run through `DataSource.query`: TypeORM's
 * postgres driver answers `[rows, affected]` for those two commands and the rows alone for the rest.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
