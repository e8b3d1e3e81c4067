// The app over the fixture census, opened directly read-only, with polling switched off (no timers).
import { pino } from 'pino';
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

export async function startTestApp(): Promise<TestApp> {
  const census = await buildCensus();
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

export async function getJson(app: OpenAPIHono, url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await app.request(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
