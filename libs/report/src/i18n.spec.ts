import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_VERSION,
  REPORT_CATALOGUES,
  SCHOOL_CATALOGUES,
  frenchTypography,
  makeTranslator,
  placeholdersOf,
  reportTranslator,
} from './i18n';
import { fr } from './messages/fr';
import { schoolFr } from './messages/school-fr';

const keys = (c: Record<string, string>) => Object.keys(c).sort();

describe('message catalogues', () => {
  it('the report catalogues fr and en have exactly the same keys', () => {
    expect(keys(REPORT_CATALOGUES.en)).toEqual(keys(REPORT_CATALOGUES.fr));
  });

  it('the school catalogues fr, oc, ca and en have exactly the same keys', () => {
    for (const lang of ['oc', 'ca', 'en'] as const) expect(keys(SCHOOL_CATALOGUES[lang]), lang).toEqual(keys(SCHOOL_CATALOGUES.fr));
  });

  it('every message has the same placeholders in every language', () => {
    const differ: string[] = [];
    for (const key of keys(REPORT_CATALOGUES.fr)) {
      const a = placeholdersOf(REPORT_CATALOGUES.fr[key as keyof typeof fr], 'fr');
      const b = placeholdersOf(REPORT_CATALOGUES.en[key as keyof typeof fr], 'en');
      if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${key}: fr ${a} / en ${b}`);
    }
    for (const lang of ['oc', 'ca', 'en'] as const) {
      for (const key of keys(SCHOOL_CATALOGUES.fr)) {
        const a = placeholdersOf(SCHOOL_CATALOGUES.fr[key as keyof typeof schoolFr], 'fr');
        const b = placeholdersOf(SCHOOL_CATALOGUES[lang][key as keyof typeof schoolFr], lang);
        if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`school ${key}: fr ${a} / ${lang} ${b}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('no message uses a straight apostrophe (an ICU escape that would swallow text)', () => {
    const all = [
      ...Object.values(REPORT_CATALOGUES.fr),
      ...Object.values(REPORT_CATALOGUES.en),
      ...Object.values(SCHOOL_CATALOGUES).flatMap((c) => Object.values(c)),
    ];
    expect(all.filter((m) => m.includes("'"))).toEqual([]);
  });

  it('French messages get no-break spaces: U+00A0 before : and inside « », U+202F before ; ! ?', () => {
    expect(frenchTypography('Période : « mix » ; oui ! vraiment ?')).toBe(
      'Période\u00a0: «\u00a0mix\u00a0»\u202f; oui\u202f! vraiment\u202f?',
    );
    const t = reportTranslator('fr');
    expect(t('cover.period', { period: 'P', days: 13 })).toBe('Période\u00a0: P (13 jours de service)');
    expect(REPORT_CATALOGUES.fr['summary.rule']).toContain('\u202f;');
    // English keeps its own spacing.
    expect(reportTranslator('en')('cover.period', { period: 'P', days: 13 })).toBe('Period: P (13 service days)');
  });

  it('plural counts are formatted by the locale (French thousands with U+202F)', () => {
    const t = reportTranslator('fr');
    expect(t('pax.vehicle', { vehicle: 'GNV-01', ratings: 1237, partial: 1, carried: 6633, rate: 'r', rateRange: 'rr' })).toBe(
      'GNV-01\u00a0: 1\u202f237 notes (dont 1 réponse partielle) pour 6\u202f633 voyageurs transportés, soit un taux de réponse de r (rr).',
    );
  });

  it('a missing message or value fails loudly instead of printing a hole', () => {
    const t = makeTranslator({ a: 'x {v}' } as Record<string, string>, 'en');
    expect(() => t('b')).toThrow(/no message b/);
    expect(() => t('a')).toThrow();
  });

  it('has a version that follows the messages', () => {
    expect(CATALOGUE_VERSION).toMatch(/^messages-1\+[0-9a-f]{12}$/);
  });
});
