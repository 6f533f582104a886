import { Algorithm, hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-hasher';

const hasher = new PasswordHasher();

describe('PasswordHasher', () => {
  it('hashes with argon2id at 64 MiB, 3 passes, 1 lane, and verifies', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse batterY')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('never matches a malformed hash, and spends the time of a check for a user that does not exist', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    expect(await hasher.verifyNobody('anything')).toBe(false);
  });

  it('asks for a rehash of a hash made with weaker parameters', async () => {
    const old = await hash('pw', { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(hasher.needsRehash(old)).toBe(true);
    expect(await hasher.verify(old, 'pw')).toBe(true);
  });

  it('serves every caller of a burst (at most two hash at once, the others wait their turn)', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => hasher.hash(`pw-${i}`)));
    expect(new Set(results).size).toBe(5);
  });
});
