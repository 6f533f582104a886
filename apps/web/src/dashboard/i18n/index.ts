/**
 * The dashboard's texts: French by default, English one click away (kept in localStorage). The
 * two catalogues have the same keys (the type says so, and a test checks the placeholders).
 * `{name}` placeholders are replaced by the formatted values the page passes.
 */
import { setFormatLanguage, type Lang } from '../lib/format';
import { en } from './en';
import { fr, type Catalogue } from './fr';

export type { Lang };
export type TextKey = keyof Catalogue;
export const CATALOGUES: Record<Lang, Catalogue> = { fr, en };
const STORAGE_KEY = 'dashboard-lang';

let lang: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
setFormatLanguage(lang);
document.documentElement.lang = lang;

export const language = (): Lang => lang;

export function setLanguage(next: Lang): void {
  lang = next;
  localStorage.setItem(STORAGE_KEY, next);
  setFormatLanguage(next);
  document.documentElement.lang = next;
}

export function t(key: TextKey, params: Record<string, string | number> = {}): string {
  const text = CATALOGUES[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
