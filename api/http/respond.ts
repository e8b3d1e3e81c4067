// Answers a data request from the current snapshot: computed once per snapshot and parameters (the data
// cannot change while the snapshot is open), serialised once per format, and tagged with the snapshot's
// version so a client holding the same version gets a 304 without any query running.
import { gzipSync } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import type { CensusSource, Readiness } from '../census-source.ts';
import type { CensusSnapshot, SnapshotInfo } from '../snapshot.ts';
import { toCsv } from '../../core/csv.ts';
import { observationSources, type SourceRecord } from '../metrics/sources.ts';

export interface Payload {
  /** The JSON body; `meta` (data version, data as of, definitions) is added to it. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The series as a table, for ?format=csv. */
  readonly csv?: {
    readonly columns: readonly string[];
    readonly rows: readonly object[];
  };
  /** Definitions of the figures in this payload (DEFINITIONS entries), served with the data. */
  readonly definitions?: Readonly<Record<string, string>>;
  /**
   * For a page of a longer list: the cursor of the next page (the JSON's `next_cursor`). Every format then
   * carries an RFC 8288 `Link: <...>; rel="next"`, so a CSV client knows more rows exist.
   */
  readonly nextCursor?: string | null;
  /** The one source of this answer (a reference series), with its provenance, as meta.source. */
  readonly source?: SourceRecord | null;
}

export interface DataRequest {
  /**
   * Identifies the answer among all answers of this snapshot: the route and its validated parameters, or,
   * for parameters that must first be clamped to the snapshot's data (ranges), a function of the snapshot,
   * so that requests with the same answer share one cache entry.
   */
  readonly key: string | ((snapshot: CensusSnapshot) => Promise<string>);
  readonly format?: 'json' | 'csv' | undefined;
  /** File name offered for CSV downloads. */
  readonly name: string;
  readonly compute: (snapshot: CensusSnapshot) => Promise<Payload>;
  /** 'prepared' for answers built on the expensive per-snapshot figures (census-source.ts). */
  readonly readiness?: Readiness;
  /** A page of a longer list: its payload may carry `nextCursor`, sent as a Link header. */
  readonly paginated?: boolean;
}

// Clients may keep a copy but must revalidate: the ETag (the data version) makes that a cheap 304, and a
// new snapshot is visible at once rather than after some max-age.
const CACHE_CONTROL = 'public, no-cache';

/**
 * The answer, already serialised from the query functions' typed rows. Hono's typed-response check cannot
 * see through the memo, so it is declared as the route's JSON (the OpenAPI schemas document the shape).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PrebuiltResponse = Response & TypedResponse<any, 200, 'json'>;

// c.body(), not new Response(): it merges the headers middleware set before the handler (api/app.ts).
const prebuilt = (response: Response): PrebuiltResponse => response as PrebuiltResponse;

function etagOf(info: SnapshotInfo): string {
  return `W/"${info.version}"`;
}

export function serveData(c: Context, source: CensusSource, request: DataRequest): Promise<PrebuiltResponse> {
  return source.use(async (snapshot): Promise<PrebuiltResponse> => {
    const info = snapshot.info;
    const etag = etagOf(info);
    const headers: Record<string, string> = {
      ETag: etag,
      'Cache-Control': CACHE_CONTROL,
      'X-Data-Version': info.version,
      ...(info.dataAsOf ? { 'X-Data-As-Of': info.dataAsOf } : {}),
    };
    if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return prebuilt(c.body(null, 304, headers));
    const format = request.format ?? 'json';
    const key = typeof request.key === 'string' ? request.key : await request.key(snapshot);
    // Only bytes are kept (within the API's byte budget, api/answer-cache.ts), never the payload objects; a
    // page keeps its next cursor beside its bytes.
    const answer = await snapshot.cached(`${key}|${format}`, async (): Promise<KeptAnswer> => {
      const payload = await request.compute(snapshot);
      const next = payload.nextCursor ?? null;
      // Held as UTF-8 bytes: encoding a large body on every request would cost more than the lookup.
      if (format === 'csv' && payload.csv) return { bytes: Buffer.from(toCsv(payload.csv.columns, payload.csv.rows)), next };
      // Every answer says where the census's observations come from (definitions: sources).
      const sources = await snapshot.remember('observation-sources', () => observationSources(snapshot));
      const meta = {
        data_version: info.version,
        data_as_of: info.dataAsOf,
        methodology: '/api/v1/definitions',
        ...(payload.definitions ? { definitions: payload.definitions } : {}),
        sources: sources.map(({ id, name, url, licence }) => ({ id, name, url, licence })),
        ...(payload.source ? { source: payload.source } : {}),
      };
      return { bytes: Buffer.from(JSON.stringify({ ...payload.json, meta })), next };
    }, (kept) => kept.bytes.length + (kept.next?.length ?? 0));
    const body = answer.bytes;
    setContentType(headers, format, `${request.name}-${info.version}`);
    const next = request.paginated ? answer.next : null;
    if (next) headers.Link = `<${nextPageUrl(c.req.url, next)}>; rel="next"`;
    // Compressed once per snapshot too, rather than per request by the compress middleware (which leaves
    // a response that already has a Content-Encoding alone).
    if (body.length >= GZIP_THRESHOLD && acceptsGzip(c.req.header('Accept-Encoding'))) {
      headers['Content-Encoding'] = 'gzip';
      const gzipped = await snapshot.cached(`${key}|${format}|gzip`, async () => gzipSync(body), byteLength);
      return prebuilt(c.body(gzipped, 200, headers));
    }
    return prebuilt(c.body(body, 200, headers));
  }, request.readiness);
}

const GZIP_THRESHOLD = 1024;

const byteLength = (bytes: Buffer): number => bytes.length;

/** What the answer cache keeps of one answer in one format. */
interface KeptAnswer {
  readonly bytes: Buffer<ArrayBuffer>;
  readonly next: string | null;
}

/** The request's own path and query with the cursor replaced: the next page in the same format and order. */
function nextPageUrl(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', cursor);
  return url.pathname + url.search;
}

function setContentType(headers: Record<string, string>, format: 'json' | 'csv', fileName: string): void {
  if (format === 'csv') {
    headers['Content-Type'] = 'text/csv; charset=utf-8; header=present';
    headers['Content-Disposition'] = `inline; filename="${fileName}.csv"`;
  } else {
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
}

/** Accept-Encoding names gzip without q=0 (RFC 9110 12.5.3). */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return coding === 'gzip' && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

/** If-None-Match: `*` or a list of tags; weak comparison (RFC 9110 13.1.2). True: answer 304. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
