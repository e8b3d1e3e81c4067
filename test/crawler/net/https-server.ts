// A real HTTPS server on 127.0.0.1 for the net tests: certificates minted per SNI name by the simulated
// fediverse's CA (trusted through NODE_EXTRA_CA_CERTS, as `npm test` sets it), every request recorded with the
// Host header and SNI it arrived with, and the highest number of requests it ever had in flight at once.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSecureContext, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { ensureSimCa, createLeafMinter, type LeafCert } from '../../../sim/ca.ts';

export interface SeenRequest {
  readonly host: string;
  readonly servername: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly userAgent: string;
  readonly contentType: string;
  readonly body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => unknown;

export interface TestServer {
  readonly port: number;
  readonly seen: SeenRequest[];
  /** Paths seen, in order, as "host path" when `withHost`, else just the path. */
  paths(withHost?: boolean): string[];
  readonly maxConcurrent: number;
  close(): Promise<void>;
}

/** `certFor` overrides the name the certificate is minted for (to provoke a TLS name mismatch). */
export async function startTestServer(handler: Handler, certFor?: string): Promise<TestServer> {
  const mint = await createLeafMinter(await ensureSimCa());
  const leaf = (name: string): Promise<LeafCert> => mint(certFor ?? name);
  const fallback = await leaf('localhost');
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;
  const server: Server = createServer(
    {
      cert: fallback.cert,
      key: fallback.key,
      SNICallback: (name, cb) => {
        leaf(name).then((l) => cb(null, createSecureContext(l)), (err: Error) => cb(err));
      },
    },
    (req, res) => {
      inFlight++;
      maxConcurrent = Math.max(maxConcurrent, inFlight);
      res.on('close', () => inFlight--);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const record: SeenRequest = {
          host: req.headers.host ?? '',
          servername: (req.socket as TLSSocket).servername || undefined,
          method: req.method ?? '',
          path: req.url ?? '',
          userAgent: req.headers['user-agent'] ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seen.push(record);
        Promise.resolve(handler(req, res, record)).catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      });
    },
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    paths: (withHost = false) => seen.map((r) => (withHost ? `${r.host} ${r.path}` : r.path)),
    get maxConcurrent() {
      return maxConcurrent;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location });
  res.end();
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const { createServer: createTcp } = await import('node:net');
  const s = createTcp();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** A clock that only moves when the session sleeps, so Crawl-delay and Retry-After cost no real time. */
export function fakeTime(start = 1_750_000_000_000): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  readonly sleeps: number[];
} {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}
