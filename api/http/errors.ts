// Errors as JSON, always: a client's mistake is a 4xx naming the parameter, a missing census a 503, and
// only a fault of ours a 500 (logged with its stack, never shown to the client).
import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { NoCensusError, type SourceLogger } from '../census-source.ts';

export interface ParameterIssue {
  readonly parameter: string;
  /** Where the parameter was: query or path. */
  readonly in: string;
  readonly message: string;
}

/** A client error the handler found after validation (e.g. a cursor that does not decode). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
    readonly issues: readonly ParameterIssue[] = [],
  ) {
    super(message);
  }
}

export const ErrorBody = z
  .object({
    error: z.string(),
    issues: z
      .array(z.object({ parameter: z.string(), in: z.string(), message: z.string() }))
      .optional(),
  })
  .openapi('Error');

const TARGETS: Readonly<Record<string, string>> = { query: 'query', param: 'path', header: 'header' };

function issuesOf(error: ZodError, target: string): ParameterIssue[] {
  return error.issues.map((issue) => ({
    parameter: String(issue.path[0] ?? ''),
    in: TARGETS[target] ?? target,
    message: issue.message,
  }));
}

/** The OpenAPIHono defaultHook: a failed validation becomes a 400 naming each bad parameter. */
export function validationHook(
  result: { target: string; success: true; data: unknown } | { target: string; success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issues = issuesOf(result.error, result.target);
  const names = [...new Set(issues.map((i) => i.parameter))].join(', ');
  return c.json({ error: `invalid parameter: ${names}`, issues }, 400);
}

export function errorHandler(logger: SourceLogger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) {
      return c.json({ error: err.message, ...(err.issues.length > 0 ? { issues: err.issues } : {}) }, err.status);
    }
    if (err instanceof NoCensusError) {
      c.header('Retry-After', '30');
      return c.json({ error: 'no census has been published yet; run a crawl (it publishes) or fedicensus publish' }, 503);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own client errors (e.g. a malformed request): keep the status, answer in JSON.
      return c.json({ error: err.message || 'bad request' }, err.status);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  };
}

export const notFound: NotFoundHandler = (c) => c.json({ error: `no such resource: ${c.req.path}` }, 404);
