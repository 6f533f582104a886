import { createHash } from 'node:crypto';

/** Hash of a submission with keys sorted: the same body retried gives the same fingerprint. */
export function fingerprint(value: Record<string, unknown>): string {
  const sorted = Object.keys(value)
    .sort()
    .map((k) => [k, value[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url');
}
