import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from './errors';

describe('API error codes', () => {
  it('are each documented in docs/errors.md', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/errors.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| \d{3} \| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...API_ERROR_CODES].sort());
  });
});
