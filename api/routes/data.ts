// Downloads of the published census datasets (api/publish/), under stable URLs:
//   /data/                     the data page: 302 to the site's /data.html when a site is served (one page with the
//                              site's navigation, web/pages/data.ts); else an HTML listing of its own (listing.ts)
//   /data/index.json           every kept version and its files, machine-readable (api/publish/listing.ts DataIndex)
//   /data/latest/              302 to the current version's index; cached briefly, since "latest" moves
//   /data/latest/<file>        302 to the current version's file; cached briefly
//   /data/<version>/           that version's files with size and SHA-256 (HTML)
//   /data/<version>/<file>     the file itself; immutable, cached for a year. <file> may have '/' in it:
//                              partitions are snapshots/month=2026-11/part-0.parquet and the like
// Routes carry the /data prefix themselves: mount with `app.route('/', dataRoutes({ publishDir }))`.
// Only names listed in a version's manifest are served, so no request can reach another file (`..`, the
// census copy, temp directories); anything else under /data is a 404 problem (RFC 9457, as the API's).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { problem } from '../http/errors.ts';
import { ifNoneMatchHits } from '../http/respond.ts';
import { contentTypeOf, readCatalog, readVersion, servableFiles } from '../publish/catalog.ts';
import { readCurrent } from '../publish/current.ts';
import { dataIndex, renderListing, renderVersionIndex } from '../publish/listing.ts';
import { encodeUrlPath } from '../publish/public-url.ts';
import { isVersionId } from '../publish/version.ts';

const BASE = '/data';
/** The listing and "latest" change at each publication (normally daily); a minute of staleness is harmless. */
const SHORT_CACHE = 'public, max-age=60';
/** A version's files never change once published (their names include the data's hash). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface DataRoutesOptions {
  /** The publish directory (api/publish/publish.ts), holding current.json and version directories. */
  readonly publishDir: string;
  /** The site's data page (e.g. `/data.html`) when the app serves a site: /data/ then leads there. */
  readonly sitePage?: string | null;
}

export function dataRoutes(opts: DataRoutesOptions): Hono {
  const publishDir = path.resolve(opts.publishDir);
  const app = new Hono();

  app.get(BASE, (c) => c.redirect(`${BASE}/`, 301));

  app.get(`${BASE}/`, async (c) => {
    // One data page: the site's, with its navigation, when there is a site (a redirect, so it is not copied).
    if (opts.sitePage) return c.redirect(opts.sitePage, 302);
    const html = renderListing(await readCatalog(publishDir), BASE);
    return c.html(html, 200, { 'Cache-Control': SHORT_CACHE });
  });

  app.get(`${BASE}/latest`, (c) => c.redirect(`${BASE}/latest/`, 301));
  app.get(`${BASE}/latest/`, async (c) => {
    const current = await readCurrent(publishDir);
    if (!current) return notFound(c, 'nothing has been published yet');
    c.header('Cache-Control', SHORT_CACHE);
    return c.redirect(`${BASE}/${current.version}/`, 302);
  });

  app.get(`${BASE}/index.json`, async (c) => {
    return c.json(dataIndex(await readCatalog(publishDir), BASE), 200, { 'Cache-Control': SHORT_CACHE });
  });

  app.get(`${BASE}/latest/*`, async (c) => {
    const current = await readCurrent(publishDir);
    if (!current) return notFound(c, 'nothing has been published yet');
    const version = await readVersion(publishDir, current.version);
    const file = fileIn(c, `${BASE}/latest/`);
    if (!version || !servableFiles(version).has(file)) return notFound(c, `no file ${file} in the current version`);
    // A redirect, not the bytes: the client (and any cache) then holds a URL that always means these bytes.
    c.header('Cache-Control', SHORT_CACHE);
    return c.redirect(`${BASE}/${current.version}/${encodeUrlPath(file)}`, 302);
  });

  app.get(`${BASE}/:version/`, async (c) => {
    const name = c.req.param('version');
    const version = isVersionId(name) ? await readVersion(publishDir, name) : null;
    if (!version) return notFound(c, `no version ${name}`);
    const current = await readCurrent(publishDir);
    return c.html(renderVersionIndex(version, BASE, version.version === current?.version), 200, { 'Cache-Control': SHORT_CACHE });
  });

  app.get(`${BASE}/:version/*`, async (c) => {
    const name = c.req.param('version');
    const file = fileIn(c, `${BASE}/${name}/`);
    if (!isVersionId(name)) return notFound(c, `no version ${name}`);
    const version = await readVersion(publishDir, name);
    if (!version) return notFound(c, `no version ${name}`);
    if (!servableFiles(version).has(file)) return notFound(c, `no file ${file} in version ${name}`);
    const full = path.join(version.datasetsDir, ...file.split('/'));
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return notFound(c, `no file ${file} in version ${name}`); // pruned meanwhile
    const sha = version.manifest.files.find((f) => f.name === file)?.sha256;
    const etag = sha ? `"${sha}"` : `"${info.size}-${info.mtimeMs}"`;
    const headers: Record<string, string> = {
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(info.size),
      'Cache-Control': IMMUTABLE,
      ETag: etag,
    };
    if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304, { 'Cache-Control': IMMUTABLE, ETag: etag });
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const stream = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
    return c.body(stream, 200, headers);
  });

  app.all(`${BASE}/*`, (c) => notFound(c, 'not found'));
  return app;
}

/**
 * The file part of the path after `prefix`, decoded: a manifest name, '/'-separated for partitions
 * (`snapshots/month=2026-11/part-0.parquet`). Only names in the manifest are served, so this needs no
 * other check; a malformed escape is simply a name no manifest has.
 */
function fileIn(c: Context, prefix: string): string {
  const raw = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : '';
  try {
    return raw.split('/').map(decodeURIComponent).join('/');
  } catch {
    return '';
  }
}

function notFound(c: Context, message: string): Response {
  return problem(c, 'not-found', message);
}
