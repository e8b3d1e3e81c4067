// Turns what undici, net, tls and dns throw into a FetchFailure with a short message an operator can read in a
// log line or a researcher in the dataset: "connection refused on /robots.txt", "TLS: certificate has expired".
import type { FetchFailure, FetchFailureKind } from './types.ts';

export function failure(kind: FetchFailureKind, message: string, status?: number): FetchFailure {
  return status === undefined ? { ok: false, kind, message } : { ok: false, kind, status, message };
}

const TIMEOUT_CODES: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'headers timeout',
  UND_ERR_BODY_TIMEOUT: 'body timeout',
  ETIMEDOUT: 'connect timeout',
};

const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'DNS: name not found',
  EAI_AGAIN: 'DNS: temporary failure',
  EAI_FAIL: 'DNS: lookup failed',
  ENODATA: 'DNS: no address',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CLOSED: 'connection closed',
};

/**
 * `where` names the request ("/nodeinfo/2.0", or a full URL on another host). `budgetExpired` says whether the
 * session's deadline aborted the request, which undici reports only as an abort.
 */
export function failureFromError(err: unknown, where: string, budgetExpired: boolean, budgetMs: number): FetchFailure {
  if (budgetExpired) return failure('timeout', `time budget of ${budgetMs} ms ran out on ${where}`);
  const e = innermost(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'FEDICENSUS_REFUSED_ADDRESS') return failure('unreachable', e.message);
  const timeout = TIMEOUT_CODES[code];
  if (timeout) return failure('timeout', `${timeout} on ${where}`);
  const unreachable = UNREACHABLE_CODES[code];
  if (unreachable) return failure('unreachable', `${unreachable} on ${where}`);
  if (isTlsError(code, e.message)) return failure('unreachable', `TLS: ${e.message}`);
  if (code === 'UND_ERR_ABORTED' || e.name === 'AbortError') return failure('timeout', `aborted on ${where}`);
  return failure('unreachable', `${e.message || code || 'network error'} on ${where}`);
}

interface ErrorLike {
  readonly code?: unknown;
  readonly message: string;
  readonly name: string;
}

// happy-eyeballs reports an AggregateError of per-address failures; `cause` chains come from fetch-style wrappers.
function innermost(err: unknown): ErrorLike {
  let e: unknown = err;
  for (let depth = 0; depth < 5; depth++) {
    if (e instanceof AggregateError && e.errors.length > 0 && !(e as { code?: unknown }).code) {
      e = e.errors[0];
    } else if (e instanceof Error && e.cause instanceof Error && !(e as { code?: unknown }).code) {
      e = e.cause;
    } else {
      break;
    }
  }
  if (e instanceof Error) return e as ErrorLike;
  return { message: String(e), name: 'Error' };
}

function isTlsError(code: string, message: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'HOSTNAME_MISMATCH' ||
    /\b(SSL|TLS)\b/.test(message)
  );
}
