// The OpenAPI document is a contract: every answer of every route, in every status it documents (200, 304,
// 400, 404, 405, 503) and every format (JSON, CSV, problem details), is checked against /api/openapi.json
// with a JSON Schema 2020-12 validator (ajv, as OpenAPI 3.1 prescribes), and every status the document
// names must be produced by some request here. A field, a status or a header added to the code but not to
// the document (or the other way round) fails this file.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { CensusSource } from '../../api/census-source.ts';
import { D1, D2, D3 } from './fixture.ts';
import { noTimers, silent, testAppForFile } from './harness.ts';

type Json = Record<string, any>;

// A reference series beside the census (GET /api/v1/reference), as `fedicensus import` writes it.
const t = testAppForFile(`INSERT INTO sources VALUES ('joinmastodon', 'Mastodon official statistics', NULL, 'none stated', NULL, NULL);
  INSERT INTO reference_series VALUES ('joinmastodon', DATE '2022-11-07', 'user_count', 4105507), ('joinmastodon', DATE '2022-11-07', 'server_count', 4053);`);

/** One request and what it is for: the operation it reaches is found from the path. */
interface Probe {
  readonly url: string;
  readonly status: number;
  readonly method?: string;
  readonly etag?: boolean;
  /** Run against an app with no census (the 503s). */
  readonly empty?: boolean;
}

const DATA_GETS = [
  '/api/v1/summary', '/api/v1/software', '/api/v1/days', '/api/v1/weekly', '/api/v1/daily?metric=servers',
  `/api/v1/change?from=${D1}&to=${D3}`, '/api/v1/anomalies', '/api/v1/method-changes', '/api/v1/servers', '/api/v1/servers/masto.example.org',
  '/api/v1/reference?from=2022-11-01',
];

const PROBES: readonly Probe[] = [
  // 200, JSON
  ...DATA_GETS.map((url) => ({ url, status: 200 })),
  { url: `/api/v1/summary?day=${D1}`, status: 200 },
  { url: `/api/v1/days?from=${D1}&to=${D2}`, status: 200 },
  { url: `/api/v1/weekly?software=lemmy&anomalies=include&from=${D1}`, status: 200 },
  { url: `/api/v1/daily?metric=users_total&software=lemmy&from=${D1}&to=${D3}`, status: 200 },
  { url: `/api/v1/change?from=${D1}&to=${D3}&software=lemmy`, status: 200 },
  { url: `/api/v1/anomalies?day=${D2}&kind=jump`, status: 200 },
  { url: '/api/v1/servers?limit=2&sort=domain', status: 200 },
  { url: '/api/v1/servers?limit=1&sort=local_posts&software=mastodon', status: 200 },
  { url: '/api/v1/servers/Lemmy.Example.COM', status: 200 },
  { url: '/api/v1/definitions', status: 200 },
  { url: '/api/', status: 200 },
  { url: '/api/v1/', status: 200 },
  // 200, CSV: every answer that is rows
  ...['/api/v1/software', '/api/v1/days', '/api/v1/weekly', '/api/v1/daily?metric=servers', '/api/v1/anomalies', '/api/v1/method-changes',
    '/api/v1/servers?limit=2', '/api/v1/servers/masto.example.org', '/api/v1/reference'].map((url) => ({ url: `${url}${url.includes('?') ? '&' : '?'}format=csv`, status: 200 })),
  // 304
  ...DATA_GETS.map((url) => ({ url, status: 304, etag: true })),
  // 400
  { url: '/api/v1/summary?day=yesterday', status: 400 },
  { url: '/api/v1/summary?format=csv', status: 400 },
  { url: '/api/v1/software?format=xml', status: 400 },
  { url: '/api/v1/days?from=2024-02-01&to=2024-01-01', status: 400 },
  { url: '/api/v1/weekly?from=2024-1-1', status: 400 },
  { url: '/api/v1/daily', status: 400 },
  { url: `/api/v1/change?from=${D1}`, status: 400 },
  { url: `/api/v1/change?from=${D1}&to=${D3}&format=csv`, status: 400 },
  { url: '/api/v1/anomalies?kind=spam', status: 400 },
  { url: '/api/v1/method-changes?format=xml', status: 400 },
  { url: '/api/v1/reference?source=../x', status: 400 },
  { url: '/api/v1/servers?limit=0', status: 400 },
  { url: '/api/v1/servers?cursor=bm90LWpzb24', status: 400 },
  { url: '/api/v1/servers/-odd-.example.org', status: 400 },
  { url: '/api/v1/definitions?format=csv', status: 400 },
  { url: '/api/?format=csv', status: 400 },
  { url: '/api/v1/?format=csv', status: 400 },
  // 404
  { url: '/api/v1/summary?day=2024-01-04', status: 404 },
  { url: '/api/v1/anomalies?day=2024-01-04', status: 404 },
  { url: '/api/v1/weekly?software=nosuchsoftware', status: 404 },
  { url: '/api/v1/daily?metric=servers&software=nosuchsoftware', status: 404 },
  { url: '/api/v1/servers?software=nosuchsoftware', status: 404 },
  { url: '/api/v1/change?from=2020-01-01&to=2024-01-17', status: 404 },
  { url: '/api/v1/servers/never.example.org', status: 404 },
  { url: '/api/v1/reference?source=nosuchpublisher', status: 404 },
  // 405 and 503 for every operation that documents them: derived from the document (generatedProbes).
];

/**
 * A request for every operation of the document that documents a 405 (POST) or a 503 (before anything is
 * published): its path parameters and required query parameters filled from their schema's example (or
 * first enum value), so a route added later is probed without editing this list.
 */
function generatedProbes(document: Json): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(document.paths as Json)) {
    const op = (ops as Json).get as Json;
    const sample = (p: Json) => String(p.schema?.example ?? p.example ?? p.schema?.enum?.[0] ?? '');
    let url = path;
    const query = new URLSearchParams();
    for (const p of (op.parameters ?? []) as Json[]) {
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(sample(p)));
      else if (p.in === 'query' && p.required) query.set(p.name, sample(p));
    }
    const full = query.size > 0 ? `${url}?${query}` : url;
    if (op.responses['405']) out.push({ url: full, status: 405, method: 'POST' });
    if (op.responses['503']) out.push({ url: full, status: 503, empty: true });
  }
  return out;
}

let doc: Json;
let ajv: InstanceType<typeof Ajv2020>;
let emptyApp: OpenAPIHono;
let emptySource: CensusSource;

beforeAll(async () => {
  doc = await (await t.app.request('/api/openapi.json')).json();
  // strict: false, because OpenAPI adds keywords of its own (example) to JSON Schema.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(closed({ $id: 'openapi.json', components: doc.components }), 'openapi.json');
  emptySource = await CensusSource.start({ publishDir: null, dbPath: null, logger: silent, timers: noTimers });
  emptyApp = createApp({ source: emptySource, logger: silent });
});
afterAll(async () => {
  await emptySource.close();
});

/**
 * Objects closed to fields the document does not name (additionalProperties: false where the schema lists
 * properties and says nothing else), so an answer cannot grow a field the document lacks.
 */
function closed<T>(schema: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'example' ? v : walk(v);
    if (out.properties && typeof out.properties === 'object' && !('additionalProperties' in out) && out.type === 'object') out.additionalProperties = false;
    return out;
  };
  return walk(schema) as T;
}

/** The schema with its component references pointed at the document added to ajv. */
function resolvable(schema: unknown): unknown {
  return closed(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')));
}

function validate(schema: unknown, value: unknown, where: string): void {
  const check = ajv.compile(resolvable(schema) as object);
  if (!check(value)) throw new Error(`${where}: ${ajv.errorsText(check.errors, { separator: '\n' })}`);
}

/** The documented operation for a request path: `/api/v1/servers/{domain}` matches `/api/v1/servers/x`. */
function operationFor(method: string, pathname: string): { path: string; op: Json } {
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(pathname)) return { path, op: (ops as Json)[method.toLowerCase()] ?? (ops as Json).get };
  }
  throw new Error(`no documented path for ${pathname}`);
}

function headerSchema(ref: Json): Json {
  const name = String(ref.$ref ?? '').replace('#/components/headers/', '');
  return ref.$ref ? doc.components.headers[name] : ref;
}

/** The fields of every object the JSON schema describes (top level and array items, one level down). */
function fieldsOf(schema: Json): Set<string> {
  const resolve = (s: Json): Json => (s.$ref ? doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')] : s);
  const out = new Set<string>();
  const walk = (s: Json, depth: number) => {
    const r = resolve(s);
    for (const [name, property] of Object.entries((r.properties ?? {}) as Json)) {
      out.add(name);
      const p = resolve(property as Json);
      if (depth < 2 && p.items) walk(p.items as Json, depth + 1);
    }
  };
  walk(schema, 0);
  return out;
}

const hits = new Set<string>();

async function checkAnswer(probe: Probe): Promise<void> {
    const app = probe.empty ? emptyApp : t.app;
    const method = probe.method ?? 'GET';
    let headers: Record<string, string> = {};
    if (probe.etag) headers = { 'If-None-Match': (await app.request(probe.url)).headers.get('etag') ?? '' };
    const res = await app.request(probe.url, { method, headers });
    expect(res.status, `${method} ${probe.url}`).toBe(probe.status);
    const url = new URL(probe.url, 'http://localhost');
    const { path, op } = operationFor(method, url.pathname);
    expect(op, `${method} ${path}`).toBeDefined();
    const response = op.responses[String(res.status)];
    expect(response, `${path} documents ${res.status}`).toBeDefined();
    hits.add(`${path} ${res.status}`);

    for (const [name, ref] of Object.entries((response.headers ?? {}) as Json)) {
      const header = headerSchema(ref as Json);
      const value = res.headers.get(name);
      if (header.required) expect(value, `${path} ${res.status} header ${name}`).not.toBeNull();
      if (value !== null) validate(header.schema, value, `${path} ${res.status} header ${name}`);
    }

    const text = await res.text();
    if (res.status === 304) {
      expect(text).toBe('');
      return;
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = response.content?.[type];
    expect(media, `${path} ${res.status} documents ${type}`).toBeDefined();
    if (type === 'text/csv') {
      const header = text.split('\r\n')[0]!.split(',');
      const fields = fieldsOf(op.responses['200'].content['application/json'].schema);
      for (const column of header) expect(fields, `${path} CSV column ${column} is a documented field`).toContain(column);
      validate(media.schema, text, `${path} CSV`);
      return;
    }
    validate(media.schema, JSON.parse(text), `${method} ${probe.url} ${res.status}`);
}

describe('every answer matches the OpenAPI document', () => {
  it.each(PROBES.map((p) => [`${p.method ?? 'GET'} ${p.url} -> ${p.status}`, p] as const))('%s', async (_name, probe) => {
    await checkAnswer(probe);
  });

  it('405 and 503 answers of every operation that documents them', async () => {
    const probes = generatedProbes(doc);
    expect(probes.filter((p) => p.status === 503).length).toBeGreaterThanOrEqual(DATA_GETS.length);
    for (const probe of probes) await checkAnswer(probe);
  });

  it('has been shown every status the document names, for every operation', () => {
    const documented = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
      Object.values(ops as Json).flatMap((op) => Object.keys((op as Json).responses).map((status) => `${path} ${status}`)),
    );
    expect(documented.filter((d) => !hits.has(d))).toEqual([]);
  });
});

describe('the document itself', () => {
  it('names every operation once and gives each an example that matches its schema', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(ops as Json)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
        expect(ids.has(op.operationId), `${where} operationId unique`).toBe(false);
        ids.add(op.operationId);
        const media = op.responses['200'].content['application/json'];
        expect(media.example, `${where} has an example`).toBeDefined();
        validate(media.schema, media.example, `${where} example`);
      }
    }
  });

  it('gives dates, times and names their format and pattern', () => {
    const day = doc.paths['/api/v1/summary'].get.parameters.find((p: Json) => p.name === 'day');
    expect(day.schema).toMatchObject({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
    const domain = doc.paths['/api/v1/servers/{domain}'].get.parameters.find((p: Json) => p.name === 'domain');
    expect(domain.schema).toMatchObject({ format: 'idn-hostname' });
    const software = doc.paths['/api/v1/weekly'].get.parameters.find((p: Json) => p.name === 'software');
    expect(software.schema.pattern).toBeDefined();
    const listing = JSON.stringify(doc.components.schemas.ServerList);
    expect(listing).toContain('"format":"date-time"');
    expect(listing).toContain('"format":"hostname"');
  });
});
