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
      ['/api/v1/anomalies', '/api/v1/change', '/api/v1/daily', '/api/v1/definitions', '/api/v1/method-changes', '/api/v1/reference', '/api/v1/servers', '/api/v1/servers/{domain}', '/api/v1/software', '/api/v1/summary', '/api/v1/weekly'],
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

  it('offers the interactive Scalar reference, pointed at the generated document', async () => {
    const html = await (await t.app.request('/api/docs/interactive')).text();
    expect(html).toContain('/api/openapi.json');
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
