/**
 * Numbers, dates and times of the dashboard: Intl in the page's language (fr-FR, en-GB), always
 * in Europe/Paris (the trial's service days), whatever the browser's own zone. Missing values
 * (null, NaN — a JSON NaN arrives as null) show as an em dash, never as 0.
 */
export type Lang = 'fr' | 'en';
export const TIME_ZONE = 'Europe/Paris';
const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

let locale = LOCALES.fr;
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

export function setFormatLanguage(lang: Lang): void {
  locale = LOCALES[lang];
  cache.clear();
}

const numberFormat = (min: number, max: number, style?: 'percent'): Intl.NumberFormat => {
  const key = `n|${min}|${max}|${style ?? ''}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max, style })));
  return f;
};
const dateFormat = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `d|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options })));
  return f;
};

export const DASH = '—';
export const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A number with up to `digits` decimals (and at least `min`). */
export function num(x: number | null | undefined, digits = 1, min = 0): string {
  if (!isNumber(x)) return DASH;
  // A value that rounds to zero shows as 0, never as "-0".
  return numberFormat(Math.min(min, digits), digits).format(Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x);
}
/** A number and its unit, e.g. "12,3 km/h". */
export function unit(x: number | null | undefined, u: string, digits = 1): string {
  return isNumber(x) ? `${num(x, digits)} ${u}` : DASH;
}
/** A share 0–1 as a percentage. */
export function pct(x: number | null | undefined, digits = 0): string {
  return isNumber(x) ? numberFormat(digits, digits, 'percent').format(x) : DASH;
}
/** A signed number (+1,2 / −1,2), for differences. */
export function signed(x: number | null | undefined, digits = 1): string {
  if (!isNumber(x)) return DASH;
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${num(Math.abs(x), digits)}`;
}

const toDate = (x: string | number | Date): Date => (x instanceof Date ? x : new Date(x));
export function dateTime(x: string | number | Date | null | undefined): string {
  return x === null || x === undefined ? DASH : dateFormat({ dateStyle: 'short', timeStyle: 'medium' }).format(toDate(x));
}
export function time(x: string | number | Date | null | undefined, seconds = true): string {
  return x === null || x === undefined
    ? DASH
    : dateFormat({ hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) }).format(toDate(x));
}
/** A service day (YYYY-MM-DD, already a Paris date) in words. */
export function day(isoDate: string | null | undefined): string {
  if (!isoDate) return DASH;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(`${isoDate}T12:00:00Z`),
  );
}

/** The Paris service day (YYYY-MM-DD) of an instant. */
export function parisDate(x: string | number | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    toDate(x),
  );
  return parts; // en-CA formats as YYYY-MM-DD
}

/** The UTC instant of a Paris wall-clock time on a service day (handles summer time). */
export function parisInstant(isoDate: string, hour: number, minute = 0): Date {
  const guess = new Date(`${isoDate}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const wall = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    guess,
  );
  const [h, m] = wall.split(':').map(Number);
  const offsetMin = h * 60 + m - (hour * 60 + minute);
  const wrapped = ((((offsetMin + 720) % 1440) + 1440) % 1440) - 720;
  return new Date(guess.getTime() - wrapped * 60_000);
}
