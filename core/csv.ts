// CSV (RFC 4180): a header row of column names, CRLF line ends, fields quoted only when they hold a comma,
// a quote or a line break. NULL is the empty field, booleans are true/false, as in the published datasets.

type CsvValue = string | number | boolean | null | undefined;

/** Rows are plain objects (interfaces of the query functions); a column missing from a row is empty. */
export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) {
    const record = row as Readonly<Record<string, CsvValue>>;
    lines.push(columns.map((c) => field(record[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
