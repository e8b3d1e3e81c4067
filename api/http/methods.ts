// The API answers GET and HEAD (and CORS preflights). Any other method on a path that exists is a 405 with
// `Allow` (RFC 9110 15.5.6), not a 404 that would say the resource is missing; an unknown path is a 404.
// Both as problem details. Mounted after every route, so it sees only what no route answered.
import type { Hono, MiddlewareHandler } from 'hono';
import { problem } from './errors.ts';

export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Answers what no route answered under the app's API paths: 405 for a GET path asked with another method, else 404. */
export function unmatchedRequests(app: Hono): MiddlewareHandler {
  let getPaths: RegExp[] | null = null;
  return async (c) => {
    getPaths ??= app.routes.filter((r) => r.method === 'GET').map((r) => patternOf(r.path));
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && getPaths.some((p) => p.test(c.req.path))) {
      return problem(c, 'method-not-allowed', `${c.req.path} answers ${ALLOWED_METHODS}, not ${method}`, {
        headers: { Allow: ALLOWED_METHODS },
      });
    }
    return problem(c, 'not-found', `no such resource: ${c.req.path} (GET /api/v1/ lists the endpoints)`);
  };
}

/** Methods that would change something: the server is read-only, so each of them is a 405 wherever it is asked. */
export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Outside the API (the datasets under /data, the static site) every path is read-only. Registered for the
 * write methods only, after the API's own fallback, so GETs never pass through it and an unknown /api path
 * stays a 404.
 */
export const readOnly: MiddlewareHandler = async (c) =>
  problem(c, 'method-not-allowed', `${c.req.path} answers ${ALLOWED_METHODS}, not ${c.req.method}`, { headers: { Allow: ALLOWED_METHODS } });
