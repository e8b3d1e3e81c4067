// /data/index.json, the /data/<version>/ index, and the /data/ page of an API served without a site (with a
// site, /data/ leads to the site's data page, web/pages/data.ts): what a journalist or researcher needs to
// download the census and cite it: the data-as-of date, the version, each file with size and SHA-256, the
// licence, a citation, and earlier versions still kept.
import { encodeUrlPath } from './public-url.ts';
import type { Catalog, PublishedVersion } from './catalog.ts';
import { datasetJsonLd, jsonLdScriptText } from './jsonld.ts';
import { attributionText, DATASET_TITLE, LICENSE_ID, LICENSE_TITLE, LICENSE_URL } from './metadata.ts';

export interface DataIndex {
  readonly title: string;
  readonly license: { readonly id: string; readonly title: string; readonly url: string };
  /** Null until something has been published. */
  readonly current: {
    readonly version: string;
    readonly dataAsOf: string;
    readonly publishedAt: string;
    readonly citation: string;
    /** Stable URL prefix that always redirects to the current version's files. */
    readonly latest: string;
  } | null;
  /** Newest first. */
  readonly versions: readonly {
    readonly version: string;
    readonly current: boolean;
    readonly dataAsOf: string | null;
    readonly generatedAt: string;
    readonly files: readonly {
      readonly name: string;
      readonly bytes: number;
      readonly sha256: string;
      readonly rows: number | null;
      readonly url: string;
    }[];
  }[];
}

export function dataIndex(catalog: Catalog, base: string): DataIndex {
  const { current } = catalog;
  return {
    title: DATASET_TITLE,
    license: { id: LICENSE_ID, title: LICENSE_TITLE, url: LICENSE_URL },
    current: current
      ? {
          version: current.version,
          dataAsOf: current.dataAsOf,
          publishedAt: current.publishedAt,
          citation: attributionText(current.version, current.dataAsOf),
          latest: `${base}/latest/`,
        }
      : null,
    versions: catalog.versions.map((v) => ({
      version: v.version,
      current: v.version === current?.version,
      dataAsOf: v.manifest.dataAsOf,
      generatedAt: v.manifest.generatedAt,
      files: v.manifest.files.map((f) => ({ ...f, url: `${base}/${v.version}/${f.name}` })),
    })),
  };
}

export function renderListing(catalog: Catalog, base: string): string {
  const current = catalog.current;
  const shown = catalog.versions.find((v) => v.version === current?.version);
  const older = catalog.versions.filter((v) => v !== shown);
  const body: string[] = [`<h1>${esc(DATASET_TITLE)}: open data</h1>`];
  if (!current || !shown) {
    body.push('<p>Nothing has been published yet.</p>');
  } else {
    body.push(
      `<p>Data as of <strong>${esc(current.dataAsOf)}</strong> (UTC), version <code>${esc(current.version)}</code>, ` +
        `published ${esc(current.publishedAt)}.</p>`,
      `<p>Stable links to the newest files: <code>${esc(base)}/latest/&lt;file&gt;</code>. ` +
        `Versioned links below never change. Machine-readable: <a href="${esc(base)}/index.json">index.json</a>.</p>`,
      filesTable(shown, base),
      `<p>Check downloads with <code>sha256sum -c SHA256SUMS</code>. Column definitions: ` +
        `<a href="${esc(base)}/${esc(shown.version)}/DATA-DICTIONARY.md">DATA-DICTIONARY.md</a>.</p>`,
      '<h2>Licence</h2>',
      `<p>The data are licensed under <a href="${esc(LICENSE_URL)}">${esc(LICENSE_TITLE)}</a> (CC BY 4.0).</p>`,
      '<h2>How to cite</h2>',
      `<blockquote>${esc(attributionText(current.version, current.dataAsOf))}</blockquote>`,
      `<p>Citation metadata: <a href="${esc(base)}/${esc(shown.version)}/CITATION.cff">CITATION.cff</a>.</p>`,
    );
  }
  if (older.length > 0) {
    body.push('<h2>Previous versions still kept</h2>', '<ul>');
    for (const v of older) {
      body.push(
        `<li><code>${esc(v.version)}</code>, data as of ${esc(v.manifest.dataAsOf ?? 'none')}: ` +
          v.manifest.files.map((f) => `<a href="${esc(base)}/${esc(v.version)}/${esc(f.name)}">${esc(f.name)}</a>`).join(', ') +
          '</li>',
      );
    }
    body.push('</ul>');
  }
  const jsonLd = shown
    ? datasetJsonLd({
        version: shown.version,
        dataAsOf: shown.manifest.dataAsOf,
        firstDay: null,
        generatedAt: shown.manifest.generatedAt,
        files: shown.manifest.files,
        fileUrl: (name) => `${base}/${shown.version}/${encodeUrlPath(name)}`,
        pageUrl: null,
      })
    : null;
  return shell(`${DATASET_TITLE}: open data`, body, jsonLd);
}

/** /data/<version>/: one version's files, for a person who followed "latest/" or trimmed a file's URL. */
export function renderVersionIndex(version: PublishedVersion, base: string, current: boolean): string {
  const body = [
    `<h1>Version <code>${esc(version.version)}</code>${current ? ' (current)' : ''}</h1>`,
    `<p>Data as of <strong>${esc(version.manifest.dataAsOf ?? 'none')}</strong> (UTC), generated ${esc(version.manifest.generatedAt)}. ` +
      `These files never change. Every kept version: <a href="${esc(base)}/index.json">index.json</a>; about the data: ` +
      `<a href="${esc(base)}/">${esc(base)}/</a>.</p>`,
    filesTable(version, base),
  ];
  return shell(`${DATASET_TITLE}: version ${version.version}`, body, null);
}

function shell(title: string, body: readonly string[], jsonLd: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${jsonLd ? `<script type="application/ld+json">${jsonLdScriptText(jsonLd)}</script>\n` : ''}<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right}code{font-size:.85em;word-break:break-all}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function filesTable(version: PublishedVersion, base: string): string {
  const rows = version.manifest.files.map(
    (f) =>
      `<tr><td><a href="${esc(base)}/${esc(version.version)}/${esc(f.name)}">${esc(f.name)}</a></td>` +
      `<td class="n">${f.rows ?? ''}</td><td class="n">${esc(humanBytes(f.bytes))}</td><td><code>${esc(f.sha256)}</code></td></tr>`,
  );
  return `<table>\n<tr><th>file</th><th>rows</th><th>size</th><th>SHA-256</th></tr>\n${rows.join('\n')}\n</table>`;
}

function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
