import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('flattens nested objects, quotes what needs it, blanks NaN and null', () => {
    const csv = toCsv([
      { id: 'a', fuel: { used: 1.5, unit: 'kg' }, note: 'Lunel, "Gare"', at: new Date('2018-06-11T07:00:00Z'), x: NaN },
      { id: 'b', fuel: { used: 2, unit: 'kg' }, extra: true, note: null },
    ]);
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('id,fuel.used,fuel.unit,note,at,x,extra');
    expect(lines[1]).toBe('a,1.5,kg,"Lunel, ""Gare""",2018-06-11T07:00:00.000Z,,');
    expect(lines[2]).toBe('b,2,kg,,,,true');
  });
  it('an empty table is an empty header', () => expect(toCsv([])).toBe('\uFEFF\r\n'));
});
