import { describe, expect, it } from 'vitest';
import { dateTime, num, parisDate, parisInstant, pct, setFormatLanguage, signed, time } from './format';

describe('dashboard formatting (Intl, Europe/Paris)', () => {
  it('formats numbers in French and English, never "-0", and a dash for missing values', () => {
    setFormatLanguage('fr');
    expect(num(1234.56, 1)).toBe('1\u202f234,6');
    expect(num(-0.01, 1)).toBe('0');
    expect(num(null)).toBe('—');
    expect(num(Number.NaN)).toBe('—');
    expect(pct(0.125, 1)).toBe('12,5\u00a0%');
    expect(signed(-1.5)).toBe('−1,5');
    setFormatLanguage('en');
    expect(num(1234.56, 1)).toBe('1,234.6');
    expect(pct(0.125, 1)).toBe('12.5%');
  });

  it('shows instants in Paris time whatever the machine zone, summer and winter', () => {
    setFormatLanguage('fr');
    expect(time('2018-06-11T04:05:06Z')).toBe('06:05:06');
    expect(time('2018-01-11T04:05:06Z', false)).toBe('05:05');
    expect(dateTime('2018-06-11T22:30:00Z')).toBe('12/06/2018 00:30:00');
    expect(parisDate('2018-06-11T22:30:00Z')).toBe('2018-06-12');
  });

  it('finds the UTC instant of a Paris wall-clock time', () => {
    expect(parisInstant('2018-06-11', 5).toISOString()).toBe('2018-06-11T03:00:00.000Z');
    expect(parisInstant('2018-01-11', 5).toISOString()).toBe('2018-01-11T04:00:00.000Z');
    expect(parisInstant('2018-06-11', 0).toISOString()).toBe('2018-06-10T22:00:00.000Z');
  });
});
