// Every error the API answers is an RFC 9457 problem document (`application/problem+json`): type, title,
// status, detail, instance, and for bad input `errors`, one entry per bad parameter with a sentence a person
// can act on ("from must be a date, YYYY-MM-DD"). A client's mistake is a 4xx, a missing census a 503, and
// only a fault of ours a 500 (logged with its stack, never shown to the client).
import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { NoCensusError, type SourceLogger } from '../census-source.ts';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The kinds of problem this API answers; each `type` URI is documented on the reference page (/api/docs). */
export const PROBLEM_TYPES = {
  'invalid-parameter': { status: 400, title: 'A parameter is not valid' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'no-census': { status: 503, title: 'No census has been published yet' },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A problem's `type`: a URI reference into the reference page, where each kind is explained. */
export function problemTypeUri(type: ProblemType): string {
  return `/api/docs#problem-${type}`;
}

export interface ParameterIssue {
  readonly parameter: string;
  /** Where the parameter was: query or path. */
  readonly in: string;
  /** A whole sentence naming the parameter: "from must be a date, YYYY-MM-DD". */
  readonly message: string;
}

/** A client error the handler found after validation (a cursor that does not decode, a day never crawled). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
    readonly issues: readonly ParameterIssue[] = [],
  ) {
    super(message);
  }
}

export const Problem = z
  .object({
    type: z.string().openapi({ format: 'uri-reference', description: 'what kind of problem; explained at that address', example: problemTypeUri('invalid-parameter') }),
    title: z.string().openapi({ description: 'the same for every problem of this type' }),
    status: z.number().int().openapi({ description: 'the HTTP status code' }),
    detail: z.string().openapi({ description: 'what went wrong with this request', example: 'from must be a date, YYYY-MM-DD' }),
    instance: z.string().openapi({ format: 'uri-reference', description: 'the request this problem is about' }),
    errors: z
      .array(
        z.object({
          parameter: z.string(),
          in: z.enum(['query', 'path', 'header']),
          detail: z.string().openapi({ example: 'from must be a date, YYYY-MM-DD' }),
        }),
      )
      .optional()
      .openapi({ description: 'one entry per bad parameter' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });
export type ProblemBody = z.infer<typeof Problem>;

/** Kept for routes written before the problem format: the same schema. */
export const ErrorBody = Problem;

/** A documented error response, for a route's `responses`. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: Problem } } };
}

function instanceOf(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

export interface ProblemOptions {
  readonly issues?: readonly ParameterIssue[];
  /** For the few problems that need one: Allow, Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Another status of the same kind (Hono's own 4xx, e.g. 413, are client mistakes too). */
  readonly status?: number;
}

/** Answers a problem document. */
export function problem(c: Context, type: ProblemType, detail: string, options: ProblemOptions = {}): Response {
  const { issues = [], headers = {} } = options;
  const status = options.status ?? PROBLEM_TYPES[type].status;
  const title = PROBLEM_TYPES[type].title;
  const body: ProblemBody = {
    type: problemTypeUri(type),
    title,
    status,
    detail,
    instance: instanceOf(c),
    ...(issues.length > 0 ? { errors: issues.map((i) => ({ parameter: i.parameter, in: i.in as 'query', detail: i.message })) } : {}),
  };
  return c.body(JSON.stringify(body), status as 400, { ...headers, 'Content-Type': PROBLEM_MEDIA_TYPE });
}

const TARGETS: Readonly<Record<string, string>> = { query: 'query', param: 'path', header: 'header' };

type ZodIssue = ZodError['issues'][number];

/**
 * A sentence a person can act on. Our schemas word their messages as the rest of a sentence whose subject
 * is the parameter ("must be a date, YYYY-MM-DD"); zod's own messages ("Invalid input: expected string,
 * received undefined") are rewritten from the issue's code instead of being shown.
 */
export function describeIssue(parameter: string, issue: ZodIssue): string {
  if (/^(must|is|has|continues) /.test(issue.message)) return `${parameter} ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? `${parameter} is required` : `${parameter} must be a ${issue.expected}`;
    case 'invalid_value':
      return `${parameter} must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return `${parameter} must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? `${parameter} must not be empty`
        : `${parameter} must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    default:
      return `${parameter} is not valid`;
  }
}

function issuesOf(error: ZodError, target: string, c: Context): ParameterIssue[] {
  return error.issues.map((issue) => {
    const parameter = String(issue.path[0] ?? '');
    // A required parameter left out fails as "not one of" or "not a string": say what actually happened.
    const missing = target === 'query' && c.req.query(parameter) === undefined && issue.code !== 'custom';
    return { parameter, in: TARGETS[target] ?? target, message: missing ? `${parameter} is required` : describeIssue(parameter, issue) };
  });
}

/** One sentence for the whole problem: the first issue when there is one, else a count. */
function detailOf(issues: readonly ParameterIssue[]): string {
  if (issues.length === 1) return issues[0]!.message;
  const names = [...new Set(issues.map((i) => i.parameter))];
  return `${names.length > 1 ? 'parameters' : 'parameter'} ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not valid: ${issues.map((i) => i.message).join('; ')}`;
}

/** The OpenAPIHono defaultHook: a failed validation becomes a 400 naming each bad parameter. */
export function validationHook(
  result: { target: string; success: true; data: unknown } | { target: string; success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issues = issuesOf(result.error, result.target, c);
  return problem(c, 'invalid-parameter', detailOf(issues), { issues });
}

export function errorHandler(logger: SourceLogger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) {
      return problem(c, err.status === 404 ? 'not-found' : 'invalid-parameter', err.message, { issues: err.issues });
    }
    if (err instanceof NoCensusError) {
      return problem(c, 'no-census', 'no census has been published yet; run a crawl (it publishes) or fedicensus publish', { headers: { 'Retry-After': '30' } });
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own client errors (a malformed request): a problem with Hono's status.
      return problem(c, 'invalid-parameter', err.message || 'the request could not be read', { status: err.status });
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return problem(c, 'internal', 'something went wrong on our side; it has been logged');
  };
}

export const notFound: NotFoundHandler = (c) => problem(c, 'not-found', `no such resource: ${c.req.path}`);
