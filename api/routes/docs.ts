// The API's self-description: /api/openapi.json (OpenAPI 3.1, generated from the zod schemas that also
// validate requests, finished by api/http/openapi.ts), /api/docs (server-rendered from that document: no
// script, no CDN, works offline), /api/ and /api/v1/ (an index of the endpoints, from the same document),
// and /api/v1/definitions (the figure definitions).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { renderReference, type OpenApiDocument } from '../http/docs-html.ts';
import { finishDocument, type GeneratedDocument } from '../http/openapi.ts';
import { DefinitionsQuery, JsonFormat } from '../http/params.ts';
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
      'comes from (ETag, X-Data-Version) and the day the data is as of (X-Data-As-Of). Answers that are rows ' +
      'also come as CSV (?format=csv). Errors are RFC 9457 problem details (application/problem+json). ' +
      'Days are YYYY-MM-DD and times RFC 3339 in UTC (2025-06-30T04:12:07Z). Data licence: CC BY 4.0.',
  },
} as const;

const definitionsRoute = createRoute({
  method: 'get',
  path: '/definitions',
  operationId: 'getDefinitions',
  summary: 'How every figure is defined',
  request: { query: DefinitionsQuery },
  responses: { 200: { description: 'the definitions, word for word as in docs/methodology.md', content: { 'application/json': { schema: Definitions } } } },
});

export function definitionRoutes() {
  const app = newRouter();
  app.openapi(definitionsRoute, (c) => c.json({ definitions: { ...DEFINITIONS } }, 200, { 'Cache-Control': 'public, max-age=3600' }));
  return app;
}

const ApiIndex = z
  .object({
    title: z.string(),
    openapi: z.string().openapi({ description: 'the OpenAPI document' }),
    docs: z.string().openapi({ description: 'the reference, as a web page' }),
    endpoints: z.array(
      z.object({
        method: z.string(),
        path: z.string(),
        operationId: z.string(),
        summary: z.string(),
      }),
    ),
  })
  .openapi('ApiIndex');

function indexRoute(path: string, operationId: string) {
  return createRoute({
    method: 'get',
    path,
    operationId,
    summary: 'Every endpoint of the API, with where its reference is',
    request: { query: z.object({ format: JsonFormat }) },
    responses: { 200: { description: 'the endpoints', content: { 'application/json': { schema: ApiIndex } } } },
  });
}

/** Mounts the documents on the root app, after every API route, so the generated document lists them all. */
export function mountDocs(app: OpenAPIHono): void {
  // Generated once, on first use (every route is registered by then), for the JSON, the HTML and the
  // index: app.doc31() would generate the document again on every request (about 2 ms each).
  let document: OpenApiDocument | null = null;
  const openApi = (): OpenApiDocument =>
    (document ??= finishDocument(app.getOpenAPI31Document({ ...OPENAPI_INFO }) as unknown as GeneratedDocument) as unknown as OpenApiDocument);
  let json: string | null = null;
  let html: string | null = null;
  let index: z.infer<typeof ApiIndex> | null = null;
  const indexOf = () =>
    (index ??= {
      title: OPENAPI_INFO.info.title,
      openapi: '/api/openapi.json',
      docs: '/api/docs',
      endpoints: Object.entries(openApi().paths ?? {}).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId ?? '',
          summary: op.summary ?? '',
        })),
      ),
    });
  app.openapi(indexRoute('/api/', 'getApiRootIndex'), (c) => c.json(indexOf(), 200));
  app.openapi(indexRoute('/api/v1/', 'getApiIndex'), (c) => c.json(indexOf(), 200));
  app.get('/api', (c) => c.redirect('/api/', 301));
  app.get('/api/v1', (c) => c.redirect('/api/v1/', 301));
  app.get('/api/openapi.json', (c) => c.body((json ??= JSON.stringify(openApi())), 200, { 'Content-Type': 'application/json' }));
  app.get('/api/docs', (c) => c.html((html ??= renderReference(openApi()))));
  // The interactive reference loaded its script from a CDN, which fails offline; /api/docs is the reference.
  app.get('/api/docs/interactive', (c) => c.redirect('/api/docs', 301));
}
