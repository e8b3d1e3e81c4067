// CSV (RFC 4180): a header row of column names, CRLF line ends, fields quoted only when they hold a comma,
// a quote or a line break. NULL is the empty field, booleans are true/false, as in the published datasets.

type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /**
   * For files meant to be opened in a spreadsheet (the site's chart downloads): a text cell starting with
   * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` and quoted, so no spreadsheet runs it as a
   * formula (OWASP, "CSV Injection"). Numbers stay numbers. The research datasets and the API keep raw values.
   */
  readonly forSpreadsheets?: boolean;
}

/** Rows are plain objects (interfaces of the query functions); a column missing from a row is empty. */
export function toCsv(columns: readonly string[], rows: readonly object[], options: CsvOptions = {}): string {
  const cell = options.forSpreadsheets ? spreadsheetField : field;
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) {
    const record = row as Readonly<Record<string, CsvValue>>;
    lines.push(columns.map((c) => cell(record[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function spreadsheetField(value: CsvValue): string {
  if (typeof value !== 'string' || !FORMULA_START.test(value)) return field(value);
  return `"'${value.replaceAll('"', '""')}"`;
}
