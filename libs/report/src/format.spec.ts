import { describe, expect, it } from 'vitest';
import { Formatter, MINUS, NBSP, NNBSP } from './format';

const fr = new Formatter('fr');
const en = new Formatter('en');

describe('number and unit formatting (Intl, fr-FR and en-GB)', () => {
  it('French groups thousands with U+202F and uses a decimal comma', () => {
    expect(fr.number(1237)).toBe(`1${NNBSP}237`);
    expect(fr.number(4402.25, 1)).toBe(`4${NNBSP}402,3`);
    expect(en.number(4402.25, 1)).toBe('4,402.3');
  });

  it('French puts U+202F before a unit symbol, also inside it, and U+00A0 before %', () => {
    expect(fr.unit(31.15, 'kg_per_100km')).toBe(`31,2${NNBSP}kg/100${NNBSP}km`);
    expect(fr.unit(66.1, 'db_a')).toBe(`66,1${NNBSP}dB(A)`);
    expect(fr.percent(0.123)).toBe(`12,3${NBSP}%`);
    expect(fr.unit(0.811, 'share')).toBe(`81,1${NBSP}%`);
    expect(en.percent(0.123)).toBe('12.3%');
    expect(en.unit(31.15, 'l_per_100km')).toBe(`31.2${NBSP}L/100${NBSP}km`);
  });

  it('writes negatives with a true minus and signs differences', () => {
    expect(fr.signed(-3.94, 1)).toBe(`${MINUS}3,9`);
    expect(fr.unit(-543.8, 'km', { signed: true })).toBe(`${MINUS}544${NNBSP}km`);
    expect(en.unit(0.054, 'kg_co2_per_km', { signed: true })).toBe(`+0.054${NBSP}kg${NBSP}CO₂/km`);
    expect(fr.points(0.0339)).toBe(`+3,4${NBSP}pts`);
    expect(fr.range(-4.4, -3.4, 'db_a', { signed: true })).toBe(`${MINUS}4,4 à ${MINUS}3,4${NNBSP}dB(A)`);
    expect(en.range(-4.4, -3.4, 'db_a', { signed: true })).toBe(`${MINUS}4.4 to ${MINUS}3.4${NBSP}dB(A)`);
  });

  it('days follow the language’s plural rules (French: 1,8 jour)', () => {
    expect(fr.unit(1.79, 'days')).toBe(`1,8${NBSP}jour`);
    expect(fr.unit(3.28, 'days')).toBe(`3,3${NBSP}jours`);
    expect(en.unit(1.79, 'days')).toBe(`1.8${NBSP}days`);
  });

  it('durations without Intl.DurationFormat', () => {
    expect(fr.duration(2 * 3600 + 13 * 60)).toBe(`2${NNBSP}h 13${NNBSP}min`);
    expect(fr.duration(209)).toBe(`3${NNBSP}min 29${NNBSP}s`);
    expect(en.duration(45)).toBe(`45${NBSP}secs`);
  });
});

describe('dates in Europe/Paris whatever the machine’s zone', () => {
  it('service dates and ranges', () => {
    expect(fr.date('2018-06-08')).toBe('8 juin 2018');
    expect(en.date('2018-06-08')).toBe('8 June 2018');
    expect(fr.dateRange('2018-06-08', '2018-06-22')).toBe('8–22 juin 2018');
    expect(fr.weekdayDate('2018-06-14')).toBe('jeudi 14 juin 2018');
    expect(new Formatter('oc').date('2018-06-08')).toBe('8 de junh de 2018');
    expect(new Formatter('ca').date('2018-06-08')).toBe('8 de juny del 2018');
  });

  it('an instant is shown in Paris time (UTC+2 in June)', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(fr.dateTime('2018-06-22T21:30:00.000Z')).toBe('22 juin 2018 à 23:30');
    expect(en.dateTime('2018-06-22T21:30:00.000Z')).toBe('22 June 2018 at 23:30');
    // 22:30 UTC is already the next day in Paris.
    expect(fr.parisDate('2018-06-22T22:30:00.000Z')).toBe('2018-06-23');
  });
});
