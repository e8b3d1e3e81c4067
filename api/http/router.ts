// Every router of the API is an OpenAPIHono with the same validation hook, so a bad parameter gets the
// same 400 body whichever sub-app it reached, and every route lands in one OpenAPI document.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { CensusSource, SourceLogger } from '../census-source.ts';
import { validationHook } from './errors.ts';

export interface RouteDeps {
  readonly source: CensusSource;
  readonly logger: SourceLogger;
}

export function newRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

/** A memo key from validated parameters: stable order, absent and null alike. */
export function keyOf(route: string, params: Readonly<Record<string, unknown>>): string {
  const parts = Object.keys(params)
    .sort()
    .filter((k) => k !== 'format' && params[k] !== undefined && params[k] !== null)
    .map((k) => `${k}=${String(params[k])}`);
  return `${route}?${parts.join('&')}`;
}
