import { describe, expect, it } from 'vitest';
import { toCsv } from '../../core/csv.ts';

describe('toCsv', () => {
  const rows = [{ name: '=1+1', n: -5 }, { name: '@SUM(A1)', n: 3 }, { name: 'plain', n: null }, { name: '\tTAB', n: 0 }, { name: '-x', n: 1 }, { name: '+x', n: 2 }];

  it('keeps raw values by default (the research datasets and the API)', () => {
    expect(toCsv(['name', 'n'], rows)).toBe('name,n\r\n=1+1,-5\r\n@SUM(A1),3\r\nplain,\r\n\tTAB,0\r\n-x,1\r\n+x,2\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, leaving numbers alone', () => {
    expect(toCsv(['name', 'n'], rows, { forSpreadsheets: true })).toBe(
      `name,n\r\n"'=1+1",-5\r\n"'@SUM(A1)",3\r\nplain,\r\n"'\tTAB",0\r\n"'-x",1\r\n"'+x",2\r\n`,
    );
    expect(toCsv(['v'], [{ v: '=HYPERLINK("http://x","y")' }], { forSpreadsheets: true })).toBe(`v\r\n"'=HYPERLINK(""http://x"",""y"")"\r\n`);
    expect(toCsv(['v'], [{ v: '\r=1' }], { forSpreadsheets: true })).toBe(`v\r\n"'\r=1"\r\n`);
  });
});
