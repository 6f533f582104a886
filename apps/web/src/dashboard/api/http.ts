/**
 * The dashboard's one HTTP client. Same-origin requests carry the session cookie (the browser
 * adds it; nothing is kept in the page). State-changing requests need no token: the server's
 * CSRF protection reads the browser's Fetch Metadata (Sec-Fetch-Site), which same-origin fetches
 * send. Every error answers in the API's one shape and is thrown as an ApiError with its fields.
 */
import type { ApiError as ApiErrorBody } from '../../../../../libs/contract/src/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: ApiErrorBody['errors'] = [],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** `/api/v1/<path>?<query>`, dropping empty parameters. */
export function apiUrl(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `/api/v1/${path}${s ? `?${s}` : ''}`;
}

/** The CSV download of a list endpoint (the API's `?format=csv`). */
export const csvUrl = (path: string, query: Query = {}): string => apiUrl(path, { ...query, format: 'csv' });

let onUnauthorized: (() => void) | null = null;
/** What to do when the session has ended (401): the shell sends the user to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(method: string, path: string, query: Query | undefined, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(apiUrl(path, query), {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null; // a proxy's HTML error page: the status says enough
  }
  if (!res.ok) {
    const e = (json ?? {}) as Partial<ApiErrorBody>;
    const error = new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? res.statusText, e.errors ?? []);
    if (res.status === 401 && !path.startsWith('auth/')) onUnauthorized?.();
    throw error;
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> => request<T>('GET', path, query, undefined, signal);
export const post = <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, undefined, body ?? {});
export const patch = <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, undefined, body);
export const put = <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, undefined, body);
export const del = <T>(path: string): Promise<T> => request<T>('DELETE', path, undefined, undefined);
