import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, parisTime } from './csv';

describe('CSV', () => {
  it('quotes per RFC 4180 and neutralises spreadsheet formulas', () => {
    expect(csvLine(['a', 1, true, null, undefined, 'x,y', 'say "hi"', 'two\nlines'])).toBe('a,1,true,,,"x,y","say ""hi""","two\nlines"\r\n');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-2)).toBe('-2'); // numbers stay numbers
  });

  it('shows Europe/Paris time, summer and winter', () => {
    expect(parisTime('2018-06-11T07:42:13.000Z')).toBe('2018-06-11 09:42:13');
    expect(parisTime(new Date('2018-12-01T23:30:00Z'))).toBe('2018-12-02 00:30:00');
    expect(parisTime(null)).toBeNull();
  });
});
