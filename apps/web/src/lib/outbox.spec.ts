/** The pages' UUIDs (the sync loop's spec is libs/feedback-client/src/syncer.spec.ts). */
import { describe, expect, it } from 'vitest';
import { uuid } from './outbox';

describe('uuid', () => {
  it('makes RFC 4122 version 4 ids', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(uuid()).toMatch(v4);
    // Plain HTTP (no secure context): no randomUUID, the fallback still makes valid v4 ids.
    const saved = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, () => uuid()));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(v4);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true });
    }
  });
});
