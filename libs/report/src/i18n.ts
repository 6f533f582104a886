/**
 * Message catalogues (ICU MessageFormat through intl-messageformat): the report's fr and en, the
 * school page's fr, oc, ca and en. Values given to a message are already formatted by format.ts
 * (numbers with their units), except plural counts, which ICU formats with the locale's digits.
 * French catalogues are written with ordinary spaces and the typographic apostrophe; their
 * spaces before : ; ! ? » and after « become the no-break ones when loaded.
 */
import { createHash } from 'node:crypto';
import { IntlMessageFormat } from 'intl-messageformat';
import { NBSP, NNBSP } from './format';
import { en } from './messages/en';
import { fr } from './messages/fr';
import { schoolCa } from './messages/school-ca';
import { schoolEn } from './messages/school-en';
import { schoolFr } from './messages/school-fr';
import { schoolOc } from './messages/school-oc';

export type ReportLang = 'fr' | 'en';
export const REPORT_LANGS: readonly ReportLang[] = ['fr', 'en'];
export type SchoolLang = 'fr' | 'oc' | 'ca' | 'en';
export const SCHOOL_LANGS: readonly SchoolLang[] = ['fr', 'oc', 'ca', 'en'];

export type MessageKey = keyof typeof fr;
export type SchoolKey = keyof typeof schoolFr;

/** French spacing: U+00A0 before : and » and after «, U+202F before ; ! ? (Imprimerie nationale). */
export function frenchTypography(s: string): string {
  return s
    .replace(/ ([:»])/g, `${NBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ ([;!?])/g, `${NNBSP}$1`);
}

const french = <K extends string>(c: Record<K, string>): Record<K, string> =>
  Object.fromEntries(Object.entries<string>(c).map(([k, v]) => [k, frenchTypography(v)])) as Record<K, string>;

export const REPORT_CATALOGUES: Record<ReportLang, Record<MessageKey, string>> = { fr: french(fr), en };
export const SCHOOL_CATALOGUES: Record<SchoolLang, Record<SchoolKey, string>> = {
  fr: french(schoolFr),
  oc: french(schoolOc),
  ca: schoolCa,
  en: schoolEn,
};

/** Stored with each report version: changes whenever any message changes. */
export const CATALOGUE_VERSION = `messages-1+${createHash('sha256')
  .update(JSON.stringify([REPORT_CATALOGUES, SCHOOL_CATALOGUES]))
  .digest('hex')
  .slice(0, 12)}`;

export type Values = Record<string, string | number>;
export type Translate<K extends string> = (key: K, values?: Values) => string;

const LOCALE: Record<SchoolLang, string> = { fr: 'fr-FR', en: 'en-GB', oc: 'fr-FR', ca: 'ca-ES' };

export function makeTranslator<K extends string>(catalogue: Record<K, string>, lang: SchoolLang): Translate<K> {
  const compiled = new Map<K, IntlMessageFormat>();
  return (key, values) => {
    let m = compiled.get(key);
    if (!m) {
      const pattern = catalogue[key];
      if (pattern === undefined) throw new Error(`no message ${key} in the ${lang} catalogue`);
      m = new IntlMessageFormat(pattern, LOCALE[lang]);
      compiled.set(key, m);
    }
    const out = m.format(values);
    return Array.isArray(out) ? out.join('') : String(out);
  };
}

const reportTranslators = new Map<ReportLang, Translate<MessageKey>>();
export function reportTranslator(lang: ReportLang): Translate<MessageKey> {
  let t = reportTranslators.get(lang);
  if (!t) {
    t = makeTranslator(REPORT_CATALOGUES[lang], lang);
    reportTranslators.set(lang, t);
  }
  return t;
}

export const schoolTranslator = (lang: SchoolLang): Translate<SchoolKey> => makeTranslator(SCHOOL_CATALOGUES[lang], lang);

/** Names of the arguments a message uses (for the catalogue parity test). */
export function placeholdersOf(pattern: string, lang: SchoolLang = 'en'): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]): void => {
    for (const node of nodes as Array<{
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }>) {
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') names.add(node.value);
      if (node.options) for (const o of Object.values(node.options)) walk(o.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(pattern, LOCALE[lang]).getAst() as unknown[]);
  return [...names].sort();
}
