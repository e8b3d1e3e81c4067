// The API's self-description: /api/openapi.json (OpenAPI 3.1, generated from the zod schemas that also
// validate requests), /api/docs (server-rendered from that document, works offline), /api/docs/interactive
// (Scalar, whose script comes from a CDN), and /api/v1/definitions (the figure definitions).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { renderReference, type OpenApiDocument } from '../http/docs-html.ts';
import { newRouter } from '../http/router.ts';
import { Definitions } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'fedicensus API',
    version: '1',
    description:
      'An open census of the fediverse: daily per-server counts from NodeInfo and software APIs. Figures are ' +
      'defined in /api/v1/definitions (and docs/methodology.md); every answer carries the data version it ' +
      'comes from (ETag, X-Data-Version) and the day the data is as of (X-Data-As-Of). Data licence: CC BY 4.0.',
  },
} as const;

const definitionsRoute = createRoute({
  method: 'get',
  path: '/definitions',
  summary: 'How every figure is defined',
  responses: { 200: { description: 'the definitions, word for word as in docs/methodology.md', content: { 'application/json': { schema: Definitions } } } },
});

export function definitionRoutes() {
  const app = newRouter();
  app.openapi(definitionsRoute, (c) => c.json({ definitions: { ...DEFINITIONS } }, 200, { 'Cache-Control': 'public, max-age=3600' }));
  return app;
}

/** Mounts the documents on the root app, after every API route, so the generated document lists them all. */
export function mountDocs(app: OpenAPIHono): void {
  // Generated once, on first use (every route is registered by then), for both the JSON and the HTML:
  // app.doc31() would generate the document again on every request (about 2 ms each, 440 requests/s).
  let document: OpenApiDocument | null = null;
  const openApi = (): OpenApiDocument => (document ??= app.getOpenAPI31Document({ ...OPENAPI_INFO }) as OpenApiDocument);
  let json: string | null = null;
  let html: string | null = null;
  app.get('/api/openapi.json', (c) => c.body((json ??= JSON.stringify(openApi())), 200, { 'Content-Type': 'application/json' }));
  app.get('/api/docs', (c) => c.html((html ??= renderReference(openApi()))));
  app.get('/api/docs/interactive', Scalar({ url: '/api/openapi.json', pageTitle: 'fedicensus API' }));
}
