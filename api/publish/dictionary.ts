// DATA-DICTIONARY.md: the human reading of datapackage.json, generated from the same column list
// (columns.ts) so the two never disagree.
import { PARQUET_TYPES, PUBLISHED_TABLES } from './columns.ts';
import { attributionText, LICENSE_URL, type ExportFacts } from './metadata.ts';

export function dataDictionary(facts: ExportFacts): string {
  const out: string[] = [];
  out.push(`# fedicensus data dictionary`, '');
  out.push(`- Data as of: ${facts.dataAsOf ?? 'no snapshots yet'} (the latest crawl day, UTC)`);
  out.push(`- Version: \`${facts.version}\``);
  out.push(`- Generated: ${facts.generatedAt}`);
  out.push(`- Licence: CC BY 4.0 (${LICENSE_URL}); cite as: ${attributionText(facts.version, facts.dataAsOf)}`);
  out.push('');
  out.push('## Files', '');
  out.push('| file | table | format | rows | bytes | SHA-256 |', '| --- | --- | --- | ---: | ---: | --- |');
  for (const f of facts.files) out.push(`| ${f.name} | ${f.table} | ${f.format} | ${f.rows} | ${f.bytes} | \`${f.sha256}\` |`);
  out.push('');
  out.push('Alongside: `datapackage.json` (the same descriptions as a Frictionless Data Package), `manifest.json`');
  out.push('(files, sizes, checksums, rows), `SHA256SUMS` (check with `sha256sum -c SHA256SUMS`), `LICENSE`, `CITATION.cff`.');
  out.push('');
  out.push('## Conventions', '');
  out.push('- CSV: UTF-8, comma-separated, one header row, fields quoted only when needed (RFC 4180).');
  out.push('  An empty field is a missing value (NULL). Booleans are `true` / `false`.');
  out.push('- Dates are UTC days written `YYYY-MM-DD`; datetimes are UTC instants written `YYYY-MM-DDThh:mm:ssZ`');
  out.push('  (to the second). A row\'s `day` is the census day its crawl records; its `crawled_at` is when it was');
  out.push('  written, which can be later (a crawl that runs past midnight UTC, or one run for an earlier day).');
  out.push('- Parquet: the same columns, typed: ' + Object.entries(PARQUET_TYPES).map(([t, p]) => `${t} -> ${p}`).join('; ') + '.');
  out.push('- Counts are what each server reported about itself. A count is kept when it is an integer >= 0 and');
  out.push('  < 1,000,000,000; otherwise it is NULL and the row\'s `quality` says why (`field:flag`, joined by `;`,');
  out.push('  flags `negative`, `fractional`, `not_a_number`, `too_large`). A count the server did not send is NULL');
  out.push('  with no flag. Servers count differently (what "active" means, whether bots count): compare with care.');
  out.push('- Servers on the operator\'s exclude list (opted out) appear in no file.');
  out.push('- Text is kept exactly as servers reported it, so a cell may start with `=`, `+`, `-` or `@`: a spreadsheet');
  out.push('  may read it as a formula. Import as text (the site\'s chart downloads are neutralised for spreadsheets).');
  out.push('');
  for (const table of PUBLISHED_TABLES) {
    out.push(`## ${table.name}: ${table.title}`, '');
    out.push(table.description, '');
    out.push(`Primary key: ${table.primaryKey.map((k) => `\`${k}\``).join(', ')}. Rows sorted by the same.`, '');
    out.push('| column | type | Parquet type | required | description |', '| --- | --- | --- | --- | --- |');
    for (const c of table.columns) {
      const description = c.description.replaceAll('|', '\\|');
      out.push(`| \`${c.name}\` | ${c.type} | ${PARQUET_TYPES[c.type]} | ${c.required ? 'yes' : 'no'} | ${description} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
