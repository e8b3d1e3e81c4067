// The app over the fixture census, opened directly read-only, with polling switched off (no timers).
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp, prepareSnapshot, warmSnapshot } from '../../api/app.ts';
import { CensusSource, type Timers } from '../../api/census-source.ts';
import { buildCensus, type TempCensus } from './fixture.ts';

export const noTimers: Timers = { setInterval: () => 0, clearInterval: () => undefined };
export const silent = pino({ level: 'silent' });

export interface TestApp {
  readonly app: OpenAPIHono;
  readonly source: CensusSource;
  readonly census: TempCensus;
  close(): Promise<void>;
}

/** The app over the fixture census plus `extraSql`. */
async function startTestApp(extraSql = ''): Promise<TestApp> {
  const census = await buildCensus(extraSql);
  const source = await CensusSource.start({ publishDir: null, dbPath: census.path, logger: silent, timers: noTimers, warm: warmSnapshot, prepare: prepareSnapshot });
  const app = createApp({ source, logger: silent });
  return {
    app,
    source,
    census,
    async close() {
      await source.close();
      await census.cleanup();
    },
  };
}

/** startTestApp before a test file's tests, closed after them. Call at top level; read its fields inside tests. */
export function testAppForFile(extraSql = ''): Pick<TestApp, 'app' | 'source'> {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(extraSql);
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get app() {
      return started!.app;
    },
    get source() {
      return started!.source;
    },
  };
}

export async function getJson(app: OpenAPIHono, url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await app.request(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
