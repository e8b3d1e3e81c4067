// A test-side HTTP client for the sim: an undici Agent that sends every name to the sim's loopback port
// while keeping SNI and Host, i.e. what the crawler's `--connect-to ::127.0.0.1:PORT` does.
import { Agent, buildConnector, request } from 'undici';

export function simAgent(port: number): Agent {
  const base = buildConnector({});
  return new Agent({
    connect: (opts, cb) => base({ ...opts, hostname: '127.0.0.1', port: String(port), servername: opts.hostname }, cb),
  });
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** One request through `agent`; redirects are not followed, so tests see them as sent. */
export async function simRequest(
  agent: Agent,
  url: string,
  init: { readonly method?: 'GET' | 'POST'; readonly json?: unknown; readonly userAgent?: string } = {},
): Promise<SimResponse> {
  const res = await request(url, {
    dispatcher: agent,
    method: init.method ?? 'GET',
    headers: {
      'user-agent': init.userAgent ?? 'fedicensus-sim-test/0 (+https://fedicensus.sim-projects.org)',
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}
