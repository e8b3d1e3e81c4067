// The derived tables that travel with the datasets: the weekly series with its parts (weekly_joins, per
// software and week, as GET /api/v1/weekly sums them) and the method changes (method_changes, as GET
// /api/v1/method-changes serves them, also written as JSON and as a data changelog, CHANGELOG.md). They are
// computed by the same functions as the API's (api/metrics/), never by SQL of their own.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db.ts';
import { toCsv } from '../../core/csv.ts';
import { methodChanges, type MethodChange } from '../metrics/method-changes.ts';
import { weeklyJoinsBySoftware } from '../metrics/weekly.ts';
import type { PublishedColumn } from './columns.ts';

export interface DerivedTable {
  readonly name: 'weekly_joins' | 'method_changes';
  readonly title: string;
  readonly description: string;
  readonly columns: readonly PublishedColumn[];
}

/** A derived file as written: its name and, for a table, its rows. */
export interface DerivedFile {
  readonly name: string;
  readonly rows: number | null;
}

export const CHANGELOG_FILE = 'CHANGELOG.md';

const NULL_PART = 'empty (NULL) where nothing could be known (docs/methodology.md)';

export const DERIVED_TABLES: readonly DerivedTable[] = [
  {
    name: 'weekly_joins',
    title: 'Users and servers joined per software and week, with their parts',
    description:
      'One row per (software, ISO week) with any join and per (software, crawled week); sum rows over software for the whole census. Anomalies left out (the API default).',
    columns: [
      { name: 'software', type: 'string', required: true, description: 'The software the server ran when last seen ok (servers.software).' },
      { name: 'week', type: 'date', required: true, description: 'Monday (UTC) of the ISO week.' },
      { name: 'users_joined', type: 'integer', description: `users_registered + users_growth, the parts known; ${NULL_PART}.` },
      { name: 'users_registered', type: 'integer', description: `Registrations from Mastodon activity windows; ${NULL_PART}.` },
      { name: 'users_growth', type: 'integer', description: `Growth of reported users_total in weeks no window covers; ${NULL_PART}.` },
      { name: 'servers_joined', type: 'integer', required: true, description: 'Equal to servers_created: a server with no creation time never joins.' },
      { name: 'servers_created', type: 'integer', required: true, description: 'Servers whose creation time is known, in the week of that time.' },
      { name: 'servers_first_reached', type: 'integer', description: `Servers first crawled ok that week (the discovery series); ${NULL_PART}.` },
    ],
  },
  {
    name: 'method_changes',
    title: 'Changes of method and coverage',
    description: 'Dated events that change what a series measures: first crawl, definition changes, coverage jumps, days without a crawl, source changes. Also in method_changes.json and CHANGELOG.md.',
    columns: [
      { name: 'day', type: 'date', required: true, description: 'Day (UTC) the change takes effect.' },
      { name: 'kind', type: 'string', required: true, description: 'first_crawl, definition, coverage, no_crawl or source.' },
      { name: 'software', type: 'string', description: 'The software it concerns; empty for the whole census.' },
      { name: 'title', type: 'string', required: true, description: 'One line, as drawn on the charts.' },
      { name: 'detail', type: 'string', required: true, description: 'What changed and what it does to the figures.' },
    ],
  },
];

const columnsOf = (name: DerivedTable['name']): string[] => DERIVED_TABLES.find((t) => t.name === name)!.columns.map((c) => c.name);

/** CHANGELOG.md: the method changes for a person, newest first. */
export function dataChangelog(changes: readonly MethodChange[]): string {
  const out = ['# Data changelog', '', 'Changes of method and coverage in this census, newest first (also `method_changes.csv` and `method_changes.json`).', ''];
  for (const c of [...changes].reverse()) {
    out.push(`- ${c.day} (${c.kind}${c.software ? `, ${c.software}` : ''}): ${c.title}. ${c.detail}`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes the derived tables (CSV), method_changes.json and CHANGELOG.md into `dir`. */
export async function writeDerivedFiles(db: Db, dir: string): Promise<DerivedFile[]> {
  const [weekly, changes] = await Promise.all([weeklyJoinsBySoftware(db), methodChanges(db)]);
  const files: [string, string, number | null][] = [
    ['weekly_joins.csv', toCsv(columnsOf('weekly_joins'), weekly), weekly.length],
    ['method_changes.csv', toCsv(columnsOf('method_changes'), changes), changes.length],
    ['method_changes.json', `${JSON.stringify({ changes }, null, 2)}\n`, null],
    [CHANGELOG_FILE, dataChangelog(changes), null],
  ];
  for (const [name, text] of files) await writeFile(path.join(dir, name), text, 'utf8');
  return files.map(([name, , rows]) => ({ name, rows }));
}

/** The derived tables' part of DATA-DICTIONARY.md. */
export function derivedDictionary(): string {
  const out: string[] = [];
  for (const table of DERIVED_TABLES) {
    out.push(`## ${table.name}: ${table.title}`, '', table.description, '', `File: \`${table.name}.csv\` (CSV only).`, '');
    out.push('| column | type | required | description |', '| --- | --- | --- | --- |');
    for (const c of table.columns) out.push(`| \`${c.name}\` | ${c.type} | ${c.required ? 'yes' : 'no'} | ${c.description.replaceAll('|', '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}
