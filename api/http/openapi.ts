// The OpenAPI document as published: what zod-openapi generates from the routes, plus what every data
// answer shares and is set once in middleware rather than in each route (so no route can forget it):
// the ETag / X-Data-Version / X-Data-As-Of headers, the 304 for a client that holds the version, the 503
// before anything is published, the 405 for another method, problem details as `application/problem+json`,
// and an example per operation (api/http/examples.ts). test/api/contract.test.ts validates every answer
// against the result, so the document cannot drift from the code.
import { PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, problemTypeUri, type ProblemType } from './errors.ts';
import { EXAMPLES } from './examples.ts';

type Json = Record<string, unknown>;

interface MediaType {
  schema?: Json;
  example?: unknown;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, Json>;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, ResponseObject>;
}
export interface GeneratedDocument {
  paths?: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Json>; headers?: Record<string, Json>; responses?: Record<string, Json> };
  [key: string]: unknown;
}

const PROBLEM_REF = '#/components/schemas/Problem';

const HEADERS: Record<string, Json> = {
  ETag: {
    description: 'the data version as a weak tag (W/"<version>"): send it back in If-None-Match for a 304',
    schema: { type: 'string', pattern: '^W/".+"$' },
    required: true,
  },
  'X-Data-Version': { description: 'the published snapshot this answer comes from', schema: { type: 'string' }, required: true },
  'X-Data-As-Of': {
    description: 'the latest crawled day in that snapshot (absent for an empty census)',
    schema: { type: 'string', format: 'date' },
  },
  'Cache-Control': { description: 'public, no-cache: keep, but revalidate', schema: { type: 'string' }, required: true },
  Link: {
    description: 'RFC 8288 `<...>; rel="next"`: the next page, in the same format (absent on the last page)',
    schema: { type: 'string', pattern: '^<[^>]+>; rel="next"$' },
  },
  Allow: { description: 'the methods this resource answers', schema: { type: 'string' }, required: true },
  'Retry-After': { description: 'seconds to wait before asking again', schema: { type: 'string', pattern: '^[0-9]+$' }, required: true },
};
const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

function problemContent(): Record<string, MediaType> {
  return { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } };
}

function problemResponse(description: string, headers?: string[]): ResponseObject {
  return { description, content: problemContent(), ...(headers ? { headers: Object.fromEntries(headers.map((h) => [h, ref(h)])) } : {}) };
}

/** An answer that carries `meta` (a data version) comes through api/http/respond.ts: ETag, 304, 503. */
function isDataOperation(doc: GeneratedDocument, op: OperationObject): boolean {
  const schema = op.responses['200']?.content?.['application/json']?.schema;
  const name = typeof schema?.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  const properties = name ? (doc.components?.schemas?.[name]?.properties as Json | undefined) : undefined;
  return Boolean(properties && 'meta' in properties);
}

export function finishDocument(doc: GeneratedDocument): GeneratedDocument {
  doc.components ??= {};
  doc.components.headers = { ...(doc.components.headers ?? {}), ...HEADERS };
  for (const methods of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(methods)) {
      // Problems are application/problem+json, whichever way a route declared them.
      for (const response of Object.values(op.responses)) {
        const json = response.content?.['application/json'];
        if (json?.schema?.$ref === PROBLEM_REF) response.content = problemContent();
      }
      if (isDataOperation(doc, op)) {
        const ok = op.responses['200']!;
        const paginated = (op.parameters ?? []).some((p) => p.name === 'cursor');
        const names = ['ETag', 'X-Data-Version', 'X-Data-As-Of', 'Cache-Control', ...(paginated ? ['Link'] : [])];
        ok.headers = { ...(ok.headers ?? {}), ...Object.fromEntries(names.map((h) => [h, ref(h)])) };
        op.responses['304'] ??= {
          description: 'the client holds this data version already (If-None-Match matched the ETag); no body',
          headers: { ETag: ref('ETag'), 'X-Data-Version': ref('X-Data-Version') },
        };
        op.responses['503'] ??= problemResponse('no census has been published yet', ['Retry-After']);
      }
      if ((op.parameters ?? []).length > 0) op.responses['400'] ??= problemResponse('a bad parameter');
      op.responses['405'] ??= problemResponse('a method other than GET or HEAD', ['Allow']);
      const example = op.operationId ? EXAMPLES[op.operationId] : undefined;
      const media = op.responses['200']?.content?.['application/json'];
      if (media && example !== undefined) media.example = example;
    }
  }
  return doc;
}

/** The problem types, for the reference page: anchor, status, title. */
export function problemTypes(): { readonly uri: string; readonly anchor: string; readonly status: number; readonly title: string }[] {
  return (Object.keys(PROBLEM_TYPES) as ProblemType[]).map((type) => ({
    uri: problemTypeUri(type),
    anchor: `problem-${type}`,
    status: PROBLEM_TYPES[type].status,
    title: PROBLEM_TYPES[type].title,
  }));
}
