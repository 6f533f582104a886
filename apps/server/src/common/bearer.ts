import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: Pick<Request, 'headers'>): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Constant-time comparison, so that a token cannot be guessed byte by byte from response times. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
