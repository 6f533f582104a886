/**
 * Numbers, units, dates and durations for the report's languages, with Intl only (fr-FR, en-GB,
 * ca-ES; Occitan uses French conventions) and always in Europe/Paris — the machines run in UTC.
 * French typography: U+202F (narrow no-break space) between thousands and before a unit symbol,
 * U+00A0 before % (what Intl gives); a true minus U+2212 in every language. Intl.DurationFormat
 * is missing on Node 20: durations are composed from unit formats.
 */
import type { Unit } from './model';

export type Lang = 'fr' | 'en' | 'oc' | 'ca';
export const TIME_ZONE = 'Europe/Paris';
export const NNBSP = '\u202f';
export const NBSP = '\u00a0';
export const MINUS = '\u2212';

const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB', oc: 'fr-FR', ca: 'ca-ES' };
/** Occitan month names (ICU's Occitan dates are unusable: "2018 de junh 8"). */
const OC_MONTHS = ['genièr', 'febrièr', 'març', 'abril', 'mai', 'junh', 'julhet', 'agost', 'setembre', 'octòbre', 'novembre', 'decembre'];

interface UnitSpec {
  symbol: string | Partial<Record<Lang, string>>;
  digits: number;
}
/** Symbols and default decimals. 'share' is printed as a percentage. */
export const UNIT_SPECS: Record<Exclude<Unit, 'share' | 'days' | 'count' | 'seconds'>, UnitSpec> = {
  km: { symbol: 'km', digits: 0 },
  kg: { symbol: 'kg', digits: 0 },
  l: { symbol: 'L', digits: 0 },
  kg_per_100km: { symbol: 'kg/100 km', digits: 1 },
  l_per_100km: { symbol: 'L/100 km', digits: 1 },
  mj_per_km: { symbol: 'MJ/km', digits: 2 },
  kg_co2_per_km: { symbol: 'kg CO₂/km', digits: 3 },
  kg_co2e_per_km: { symbol: 'kg CO₂e/km', digits: 3 },
  kg_co2e: { symbol: 'kg CO₂e', digits: 0 },
  eur_per_km: { symbol: '€/km', digits: 3 },
  m_per_s2: { symbol: 'm/s²', digits: 2 },
  m_per_s1_75: { symbol: 'm/s¹·⁷⁵', digits: 2 },
  db_a: { symbol: 'dB(A)', digits: 1 },
  per_100km: { symbol: { fr: 'pour 100 km', en: 'per 100 km', oc: 'per 100 km', ca: 'per 100 km' }, digits: 2 },
  ppm: { symbol: 'ppm', digits: 0 },
  celsius: { symbol: '°C', digits: 1 },
  score: { symbol: '/5', digits: 2 },
};

export class Formatter {
  readonly locale: string;
  private readonly cache = new Map<string, Intl.NumberFormat>();

  constructor(readonly lang: Lang) {
    this.locale = LOCALES[lang];
  }

  /** Space between a number and its unit: narrow no-break in French, no-break elsewhere. */
  get unitSpace(): string {
    return this.lang === 'fr' || this.lang === 'oc' ? NNBSP : NBSP;
  }

  private nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let f = this.cache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(this.locale, options);
      this.cache.set(key, f);
    }
    return f;
  }

  private minus = (s: string) => s.replace(/-/g, MINUS);

  number(x: number, digits = 0): string {
    return this.minus(this.nf(`n${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x));
  }

  integer(x: number): string {
    return this.number(Math.round(x), 0);
  }

  signed(x: number, digits = 0): string {
    return this.minus(
      this.nf(`s${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(x),
    );
  }

  percent(share: number, digits = 1, signed = false): string {
    return this.minus(
      this.nf(`p${digits}${signed}`, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: signed ? 'exceptZero' : 'auto',
      }).format(share),
    );
  }

  /** A difference of two shares, in percentage points. */
  points(diff: number, digits = 1): string {
    return `${this.signed(diff * 100, digits)}${NBSP}pts`;
  }

  unitSymbol(unit: Unit): string {
    if (unit === 'share' || unit === 'count' || unit === 'seconds' || unit === 'days') return '';
    const s = UNIT_SPECS[unit].symbol;
    const text = typeof s === 'string' ? s : (s[this.lang] ?? s.en ?? '');
    // Inside the symbol too ("100 km"): no break, narrow in French.
    return text.replace(/ /g, this.unitSpace);
  }

  digitsOf(unit: Unit): number {
    if (unit === 'share') return 1;
    if (unit === 'count' || unit === 'seconds') return 0;
    if (unit === 'days') return 1;
    return UNIT_SPECS[unit].digits;
  }

  /** A value with its unit: "31,2 kg/100 km", "12,3 %", "1,8 jour", "1 237". */
  unit(x: number, unit: Unit, options: { digits?: number; signed?: boolean } = {}): string {
    const digits = options.digits ?? this.digitsOf(unit);
    if (unit === 'share') return options.signed ? this.points(x, digits) : this.percent(x, digits);
    if (unit === 'count') return options.signed ? this.signed(x, digits) : this.number(x, digits);
    if (unit === 'seconds') return this.duration(x);
    if (unit === 'days') {
      const s = this.nf(`d${digits}${options.signed}`, {
        style: 'unit',
        unit: 'day',
        unitDisplay: 'long',
        minimumFractionDigits: 0,
        maximumFractionDigits: digits,
        signDisplay: options.signed ? 'exceptZero' : 'auto',
      }).format(x);
      return this.minus(s).replace(/ /g, NBSP);
    }
    const n = options.signed ? this.signed(x, digits) : this.number(x, digits);
    return `${n}${unit === 'score' ? '' : this.unitSpace}${this.unitSymbol(unit)}`;
  }

  /** "−4,4 à −3,4 dB(A)" / "−4.4 to −3.4 dB(A)": the unit once, after the range. */
  range(low: number, high: number, unit: Unit, options: { digits?: number; signed?: boolean } = {}): string {
    const word = { fr: 'à', en: 'to', oc: 'a', ca: 'a' }[this.lang];
    if (unit === 'share') {
      const d = options.digits ?? 1;
      return options.signed
        ? `${this.signed(low * 100, d)} ${word} ${this.points(high, d)}`
        : `${this.percent(low, d)} ${word} ${this.percent(high, d)}`;
    }
    const digits = options.digits ?? this.digitsOf(unit);
    const f = (x: number) => (options.signed ? this.signed(x, digits) : this.number(x, digits));
    const sym = this.unitSymbol(unit);
    return `${f(low)} ${word} ${f(high)}${sym ? (unit === 'score' ? '' : this.unitSpace) + sym : ''}`;
  }

  private dateOf(isoDate: string): Date {
    // Noon UTC of a Paris service date is that same date in Paris.
    return new Date(`${isoDate}T12:00:00.000Z`);
  }

  private df(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return new Intl.DateTimeFormat(this.locale, { ...options, timeZone: TIME_ZONE });
  }

  /** The Paris service date (YYYY-MM-DD) of an instant. */
  parisDate(instant: string): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(instant),
    );
  }

  /** "8 juin 2018" / "8 June 2018" (Occitan: "8 de junh de 2018"). */
  date(isoDate: string): string {
    if (this.lang === 'oc') {
      const d = this.dateOf(isoDate);
      return `${d.getUTCDate()} de ${OC_MONTHS[d.getUTCMonth()]} de ${d.getUTCFullYear()}`;
    }
    return this.df('long', { dateStyle: 'long' }).format(this.dateOf(isoDate));
  }

  /** "14 juin" / "14 Jun", for chart axes and tables. */
  shortDate(isoDate: string): string {
    if (this.lang === 'oc') {
      const d = this.dateOf(isoDate);
      return `${d.getUTCDate()} ${OC_MONTHS[d.getUTCMonth()].slice(0, 4)}.`;
    }
    return this.df('short', { day: 'numeric', month: 'short' }).format(this.dateOf(isoDate));
  }

  /** "jeudi 14 juin 2018". */
  weekdayDate(isoDate: string): string {
    return this.df('weekday', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(this.dateOf(isoDate));
  }

  /** "8–22 juin 2018" / "8 – 22 June 2018". */
  dateRange(from: string, to: string): string {
    if (this.lang === 'oc') {
      const a = this.dateOf(from),
        b = this.dateOf(to);
      return a.getUTCMonth() === b.getUTCMonth() && a.getUTCFullYear() === b.getUTCFullYear()
        ? `${a.getUTCDate()}–${b.getUTCDate()} de ${OC_MONTHS[a.getUTCMonth()]} de ${a.getUTCFullYear()}`
        : `${this.date(from)} – ${this.date(to)}`;
    }
    return this.df('range', { dateStyle: 'long' }).formatRange(this.dateOf(from), this.dateOf(to));
  }

  /** An instant in Paris time: "22 juin 2018 à 23:30" / "22 June 2018 at 23:30". */
  dateTime(instant: string): string {
    return this.df('dt', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(instant));
  }

  /** "14 juin, 08:52" for lists. */
  shortDateTime(instant: string): string {
    return this.df('sdt', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
  }

  /** "2 h 13 min", "45 s" (Intl.DurationFormat is not on Node 20). */
  duration(seconds: number): string {
    const s = Math.round(seconds);
    const h = Math.floor(s / 3600),
      m = Math.floor((s % 3600) / 60),
      sec = s % 60;
    const part = (x: number, unit: 'hour' | 'minute' | 'second') =>
      this.nf(`u${unit}`, { style: 'unit', unit, unitDisplay: 'short' })
        .format(x)
        .replace(/[ \u00a0\u202f]/g, this.unitSpace);
    if (h > 0) return m > 0 ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour');
    if (m > 0) return sec > 0 && m < 10 ? `${part(m, 'minute')} ${part(sec, 'second')}` : part(m, 'minute');
    return part(sec, 'second');
  }
}

const formatters = new Map<Lang, Formatter>();
export function formatterFor(lang: Lang): Formatter {
  let f = formatters.get(lang);
  if (!f) {
    f = new Formatter(lang);
    formatters.set(lang, f);
  }
  return f;
}
