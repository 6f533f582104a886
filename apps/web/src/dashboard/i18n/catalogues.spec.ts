import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dashboard catalogues', () => {
  it('have the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('have the same placeholders in both languages, and no empty text', () => {
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('puts a no-break space (never a plain one) before French high punctuation', () => {
    for (const [key, text] of Object.entries(fr)) expect(text, key).not.toMatch(/ [;:!?]/);
  });
});
