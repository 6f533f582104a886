import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvTable } from './csv';
import { parisTime } from './paris-time';

describe('csvCell / csvLine', () => {
  it('quotes per RFC 4180: comma, quote, CR, LF (and ;), quotes doubled, CRLF line ends', () => {
    expect(csvLine(['a', 1, true, null, undefined, 'x,y', 'say "hi"', 'two\nlines', 'a;b'])).toBe(
      'a,1,true,,,"x,y","say ""hi""","two\nlines","a;b"\r\n',
    );
  });

  it('neutralises spreadsheet formulas: = + - @ tab CR first get a leading apostrophe', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"'); // guarded, then quoted for its CR
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('Lunel - Gare')).toBe('Lunel - Gare'); // only the first character matters
  });

  it('writes numbers as numbers, blanks NaN and infinities, dates in ISO UTC', () => {
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
    expect(csvCell(new Date('2018-06-11T07:00:00Z'))).toBe('2018-06-11T07:00:00.000Z');
  });
});

describe('csvTable', () => {
  it('flattens nested objects to dotted columns in order of first appearance, guards and quotes cells', () => {
    const csv = [
      ...csvTable([
        { id: 'a', fuel: { used: 1.5, unit: 'kg' }, note: 'Lunel, "Gare"', at: new Date('2018-06-11T07:00:00Z'), x: NaN },
        { id: 'b', fuel: { used: 2, unit: 'kg' }, extra: true, note: '=1+1', list: [1, 2] },
      ]),
    ].join('');
    expect(csv.split('\r\n')).toEqual([
      'id,fuel.used,fuel.unit,note,at,x,extra,list',
      'a,1.5,kg,"Lunel, ""Gare""",2018-06-11T07:00:00.000Z,,,',
      'b,2,kg,\'=1+1,,,true,"[1,2]"',
      '',
    ]);
  });

  it('an empty table is an empty header line', () => expect([...csvTable([])]).toEqual(['\r\n']));

  it('streams: the header first, then chunks of rows, without building the whole text', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ i }));
    const chunks = csvTable(rows);
    expect(chunks.next().value).toBe('i\r\n');
    const second = chunks.next().value as string;
    expect(second.split('\r\n').length - 1).toBeLessThan(rows.length);
    const rest = [...chunks].join('');
    expect((second + rest).split('\r\n').filter(Boolean)).toHaveLength(rows.length);
  });
});

describe('parisTime', () => {
  it('shows Europe/Paris time, summer and winter', () => {
    expect(parisTime('2018-06-11T07:42:13.000Z')).toBe('2018-06-11 09:42:13');
    expect(parisTime(new Date('2018-12-01T23:30:00Z'))).toBe('2018-12-02 00:30:00');
    expect(parisTime(null)).toBeNull();
  });
});
