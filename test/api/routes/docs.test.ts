import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../../api/metrics/definitions.ts';
import { PUBLISHED_TABLES } from '../../../api/publish/columns.ts';
import { DERIVED_TABLES } from '../../../api/publish/derived.ts';
import { getJson, testAppForFile } from '../harness.ts';

const t = testAppForFile();

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 listing every endpoint with the parameters that are validated', async () => {
    const { status, body } = await getJson(t.app, '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/api/', '/api/v1/', '/api/v1/anomalies', '/api/v1/change', '/api/v1/daily', '/api/v1/days', '/api/v1/definitions', '/api/v1/method-changes', '/api/v1/reference', '/api/v1/servers', '/api/v1/servers/{domain}', '/api/v1/software', '/api/v1/summary', '/api/v1/weekly'],
    );
    const weekly = body.paths['/api/v1/weekly'].get;
    expect(weekly.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['anomalies', 'format', 'from', 'software', 'to']);
    const metric = body.paths['/api/v1/daily'].get.parameters.find((p: { name: string }) => p.name === 'metric');
    expect(metric.required).toBe(true);
    expect(metric.schema.enum).toEqual(['users_total', 'users_active_month', 'local_posts', 'servers']);
    expect(body.paths['/api/v1/servers/{domain}'].get.responses['404']).toBeDefined();
    expect(body.components.schemas.Summary.required).toEqual(
      expect.arrayContaining(['day', 'servers', 'users_total', 'users_active_month', 'local_posts', 'software', 'coverage']),
    );
  });
});

describe('GET /api/docs', () => {
  it('renders a reference that needs no network', async () => {
    const res = await t.app.request('/api/docs');
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('GET /api/v1/weekly');
    expect(html).toContain('<code>metric</code>');
    expect(html).not.toMatch(/<script/);
  });

  it('loads nothing from another host: no script, stylesheet, font or image from a URL', async () => {
    const html = await (await t.app.request('/api/docs')).text();
    expect(html).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('explains every problem type at the anchor its `type` points to', async () => {
    const html = await (await t.app.request('/api/docs')).text();
    for (const type of ['invalid-parameter', 'not-found', 'method-not-allowed', 'no-census', 'internal']) {
      expect(html).toContain(`id="problem-${type}"`);
    }
  });

  it('sends the old interactive page, which loaded a CDN script, to the reference', async () => {
    const res = await t.app.request('/api/docs/interactive');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/api/docs');
  });
});

describe('definitions', () => {
  it('are served as written in docs/methodology.md', async () => {
    const { body } = await getJson(t.app, '/api/v1/definitions');
    expect(body.definitions).toEqual(DEFINITIONS);
    const methodology = await readFile(new URL('../../../docs/methodology.md', import.meta.url), 'utf8');
    for (const [name, text] of Object.entries(DEFINITIONS)) {
      // The page lists each as one bullet, "- <text>".
      expect(methodology, name).toContain(`\n- ${text}\n`);
    }
  });

  it('travel with every data answer', async () => {
    const urls = ['/api/v1/summary', '/api/v1/software', '/api/v1/weekly', '/api/v1/daily?metric=servers', '/api/v1/servers',
      '/api/v1/servers/masto.example.org', '/api/v1/change?from=2024-01-03&to=2024-01-17', '/api/v1/anomalies', '/api/v1/method-changes'];
    for (const url of urls) {
      const { body } = await getJson(t.app, url);
      expect(Object.keys(body.meta.definitions ?? {}).length, url).toBeGreaterThan(0);
      for (const [name, text] of Object.entries(body.meta.definitions)) expect(text, `${url} ${name}`).toBe(DEFINITIONS[name as keyof typeof DEFINITIONS]);
    }
  });

  it('cover every published dataset column, word for word as in the data dictionary', async () => {
    const methodology = await readFile(new URL('../../../docs/methodology.md', import.meta.url), 'utf8');
    for (const table of [...PUBLISHED_TABLES, ...DERIVED_TABLES]) {
      for (const column of table.columns) {
        expect(methodology, `${table.name}.${column.name}`).toContain(`\n- \`${table.name}.${column.name}\` (${column.type}): ${column.description}\n`);
      }
    }
  });
});

describe('the written docs', () => {
  it("README's endpoint table and docs/architecture.md list every endpoint of the OpenAPI document", async () => {
    const { body } = await getJson(t.app, '/api/openapi.json');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const architecture = await readFile(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    const table = readme.split('\n').filter((line) => line.startsWith('| `GET ')).join('\n');
    for (const path of Object.keys(body.paths)) {
      expect(table, `README lists GET ${path}`).toMatch(new RegExp(`\`GET ${path.replace(/[{}?]/g, '\\$&')}[?\`]`));
      if (path.startsWith('/api/v1/') && path !== '/api/v1/') {
        expect(architecture, `architecture lists ${path}`).toContain(`/${path.slice('/api/v1/'.length).split('/')[0]}`);
      }
    }
  });

  it('docs/architecture.md states the defaults the code has', async () => {
    const architecture = await readFile(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    const { DEFAULT_DB } = await import('../../../scripts/commands/crawl.ts');
    const { defaultPublishDir } = await import('../../../api/publish/current.ts');
    const { resolveServeConfig } = await import('../../../api/config.ts');
    const serve = resolveServeConfig({ dbPath: DEFAULT_DB });
    expect(architecture).toContain(`\`${DEFAULT_DB}\` (the default \`--db\`)`);
    expect(architecture).toContain(`(\`${defaultPublishDir(DEFAULT_DB)}/\`)`);
    expect(serve.publishDir).toBe(defaultPublishDir(DEFAULT_DB));
    expect(architecture).toContain(`polls \`current.json\` every ${serve.pollMs / 1000} s`);
  });
});
