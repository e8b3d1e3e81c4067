// The data page, the one page about the datasets (/data/ leads here, on `fedicensus serve` and on a static
// host alike): the published datasets (copied beside the site under data/<version>/ and data/latest/, the
// same URLs `fedicensus serve` answers), their dictionary, checksums, licence and citation, the small CSVs the
// charts read, and the schema.org Dataset (JSON-LD) that dataset search engines read.
import type { PublishedVersion } from '../../api/publish/catalog.ts';
import { PUBLISHED_TABLES } from '../../api/publish/columns.ts';
import { datasetJsonLd, jsonLdScriptText } from '../../api/publish/jsonld.ts';
import { attributionText, DATASET_AUTHOR, DATASET_TITLE, LICENSE_TITLE, LICENSE_URL } from '../../api/publish/metadata.ts';
import { DATA_DIR, dataPageUrl, datasetFileUrl, encodeUrlPath } from '../../api/publish/public-url.ts';
import type { SiteData } from '../collect.ts';
import { html, type Html } from '../html.ts';
import { page } from './layout.ts';

/** The chart CSVs' columns, each defined once (docs/methodology.md has the full definitions). */
const CHART_COLUMNS: readonly (readonly [string, string])[] = [
  ['day', 'a crawled day, YYYY-MM-DD (UTC)'],
  ['week', 'the Monday (UTC) of an ISO week, YYYY-MM-DD'],
  ['software / version', 'as the servers reported it'],
  ['users_total', 'sum of the users reported by the servers with a snapshot (per server: as it reported)'],
  ['users_active_month', 'the same for monthly active users'],
  ['local_posts', 'posts made on the server, as it reported them'],
  ['users_joined', 'users_registered + users_growth: sign-ups in the week from activity windows where they cover it, else growth between crawls'],
  ['servers_joined', 'servers created in the week, among those whose creation time is known (servers_first_reached: first crawled ok)'],
  ['users_registered, users_growth', "the two parts of users_joined (the users-joined charts stack them); empty where no server reported that part"],
  ['servers_created, servers_first_reached', 'servers created in the week (creation time known; survivors) and servers first crawled ok in it (discovery); first reached is empty for a week without a crawl'],
  ['servers', 'number of servers'],
  ['registrations, logins, statuses', "a Mastodon server's weekly activity as it published it"],
];

/** `siteUrl`: the site's public root (FEDICENSUS_PUBLIC_URL), for absolute URLs in the JSON-LD; null when unknown. */
export function dataPage(data: SiteData, published: PublishedVersion | null, siteUrl: string | null = null): string {
  const body = html`<h1>Data</h1>
${published ? datasets(published) : html`<p class="status">No dataset has been published from this census yet. <code>fedicensus publish</code>
(run at the end of every crawl) makes one; rebuild the site afterwards to list it here.</p>`}
<section aria-labelledby="dictionary"><h2 id="dictionary">Data dictionary</h2>
${PUBLISHED_TABLES.map(
    (t) => html`<h3 id="table-${t.name}"><code>${t.name}</code>: ${t.title}</h3>
<p>${t.description} Primary key: ${t.primaryKey.join(', ')}.</p>
<div class="scroll"><table><caption>Columns of ${t.name}</caption>
<thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">required</th><th scope="col">description</th></tr></thead>
<tbody>${t.columns.map((c) => html`<tr><th scope="row"><code>${c.name}</code></th><td>${c.type}</td><td>${c.required ? 'yes' : 'no'}</td><td class="wrap">${c.description}</td></tr>\n`)}</tbody></table></div>`,
  )}
<p>CSV: UTF-8, one header row, RFC 4180 quoting; an empty field is a missing value. Dates are UTC.</p>
</section>
<section aria-labelledby="chart-data"><h2 id="chart-data">The charts' data</h2>
<p>Every chart on this site has a "Download this data (CSV)" link with exactly the numbers it draws. Their columns:</p>
<dl class="definitions">${CHART_COLUMNS.map(([name, text]) => html`<dt><code>${name}</code></dt><dd>${text}</dd>`)}</dl>
</section>
<section aria-labelledby="licence"><h2 id="licence">Licence and citation</h2>
<p>The data are licensed under <a href="${LICENSE_URL}">${LICENSE_TITLE}</a> (CC BY 4.0): share and adapt them for any purpose,
crediting fedicensus. The software is AGPL-3.0-or-later.</p>
<p>Cite as:</p>
<blockquote id="citation">${published
    ? attributionText(published.version, published.manifest.dataAsOf)
    : `${DATASET_AUTHOR}, "${DATASET_TITLE}", data as of ${data.dataAsOf ?? 'no data yet'}, licensed under CC BY 4.0 (${LICENSE_URL}).`}</blockquote>
</section>`;
  return page({
    title: 'Data',
    description: 'Download the fediverse census as CSV and Parquet, with its data dictionary, checksums, licence and citation.',
    root: '',
    section: 'data',
    dataAsOf: data.dataAsOf,
    body,
    ...(published ? { jsonLd: jsonLdScriptText(jsonLdOf(data, published, siteUrl)) } : {}),
  });
}

function jsonLdOf(data: SiteData, v: PublishedVersion, siteUrl: string | null): unknown {
  return datasetJsonLd({
    version: v.version,
    dataAsOf: v.manifest.dataAsOf,
    firstDay: data.firstDay,
    generatedAt: v.manifest.generatedAt,
    files: v.manifest.files,
    fileUrl: (name) => datasetFileUrl(v.version, name, siteUrl),
    pageUrl: siteUrl ? dataPageUrl(siteUrl) : null,
  });
}

function datasets(v: PublishedVersion): Html {
  const base = `${DATA_DIR}/${encodeURIComponent(v.version)}/`;
  return html`<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>
<p>Version <code>${v.version}</code>, data as of <time datetime="${v.manifest.dataAsOf ?? ''}">${v.manifest.dataAsOf ?? '–'}</time>,
generated ${v.manifest.generatedAt}. Versioned files never change; <code>${DATA_DIR}/latest/&lt;file&gt;</code> always
holds the newest (for scripts that fetch every day).</p>
<div class="scroll"><table id="downloads-table"><caption>Files of version ${v.version}</caption>
<thead><tr><th scope="col">file</th><th scope="col">rows</th><th scope="col">bytes</th><th scope="col">SHA-256</th></tr></thead>
<tbody>${v.manifest.files.map(
    (f) => html`<tr><th scope="row"><a href="${base}${encodeUrlPath(f.name)}" download>${f.name}</a></th><td class="n" data-n="${f.rows ?? ''}">${f.rows ?? '–'}</td><td class="n" data-n="${f.bytes}">${f.bytes}</td><td><code class="hash">${f.sha256}</code></td></tr>\n`,
  )}</tbody></table></div>
<p>Check the downloads with <code>sha256sum -c SHA256SUMS</code>: <a href="${base}SHA256SUMS" download>SHA256SUMS</a>,
<a href="${base}manifest.json">manifest.json</a>.</p>
</section>`;
}
