/**
 * Is this error the database being unreachable (so the request may succeed later: 503), rather
 * than a fault of the request or of the code (500)? It looks at what pg, pg-pool and TypeORM
 * throw: socket errors (ECONNREFUSED…), a connection cut mid-query, a pool timeout, and the
 * SQLSTATEs of a server that is shutting down, starting up or gone: class 08 (connection
 * exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections) and 3D000 (the database itself is gone, e.g. dropped).
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM's QueryFailedError keeps pg's error as driverError; Node's AggregateError (several addresses) keeps each in errors.
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => x !== error && isDatabaseUnavailable(x, depth + 1));
}
