import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: Pick<Request, 'headers'>): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** SHA-256 of a secret: fixed length, so comparisons of digests leak nothing about the secret's length. */
export const digestOf = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

export const sameDigest = (a: Buffer, b: Buffer): boolean => timingSafeEqual(a, b);

/** Constant-time comparison (of the digests), so that a secret cannot be guessed byte by byte from response times. */
export const safeEqual = (a: string, b: string): boolean => sameDigest(digestOf(a), digestOf(b));
