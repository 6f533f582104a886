import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips and refuses forgeries with a 400', () => {
    const k = { answeredAt: '2018-06-11T07:42:13.000Z', id: '3b241101-e2bb-4255-8caf-4136c566a962' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
    expect(decodeCursor(undefined)).toBeNull();
    for (const bad of ['Zm9v', Buffer.from('x|y').toString('base64url'), Buffer.from(`${k.answeredAt}|${k.id}|z`).toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrowError(/cursor/);
    }
  });
});
