/**
 * New secrets: session tokens, API/tablet tokens and driver codes. Only their SHA-256 is stored
 * (common/bearer.ts digestOf): a secret is random enough (≥ 60 bits, online guessing only) that a
 * slow hash adds nothing, and a fast one lets every request be checked by an index lookup.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialKind } from '@app/contract';

/** 256 random bits, base64url (43 characters): the session cookie's value. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Crockford's base32 in lower case: no i, l, o, u to misread when a driver types the code. */
const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A secret for a new credential. Tablets and API tokens get 256 bits with a prefix that says what
 * they are (`tab_…`, `svc_…`: a leaked one is recognisable in a log); a driver types their code on
 * the questionnaire page, so it is 12 characters in 3 groups (60 bits, e.g. `k7m2-p9xq-3hrt`).
 */
export function newCredentialSecret(kind: CredentialKind): string {
  if (kind === 'driver') {
    const chars = [...randomBytes(12)].map((b) => CODE_ALPHABET[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  }
  return `${kind === 'tablet' ? 'tab' : 'svc'}_${randomBytes(32).toString('base64url')}`;
}
