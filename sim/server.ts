// The simulated fediverse on ONE loopback HTTPS port: hosts are told apart by SNI and the Host header, each
// gets a leaf certificate minted on demand by the sim CA. A crawler reaches it with curl-style
// `--connect-to ::127.0.0.1:PORT` and trusts the CA through NODE_EXTRA_CA_CERTS.
import https from 'node:https';
import tls from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureSimCa, createLeafMinter, DEFAULT_CA_DIR } from './ca.ts';
import type { SimCatalogue } from './model.ts';
import { resolveHost, route, type SimReply } from './router.ts';
import { StatsRecorder, type SimStats } from './stats.ts';

export interface SimServerOptions {
  readonly catalogue: SimCatalogue;
  /** The simulated date; default the catalogue's start. */
  readonly now?: Date;
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  /** Delay of every answer from `slow` hosts. Default 300 ms. */
  readonly slowDelayMs?: number;
  /** Added to every answer, like a network round trip (benchmarks). Default 0. */
  readonly latencyMs?: number;
  /** Size of the streamed NodeInfo of `huge_nodeinfo` hosts. Default 50 MB. */
  readonly hugeBodyBytes?: number;
  readonly caDir?: string;
}

export interface SimFediverse {
  readonly port: number;
  /** For the crawler's connect-to option: every name goes to this loopback port. */
  readonly connectTo: string;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  readonly caPath: string;
  readonly catalogue: SimCatalogue;
  readonly now: Date;
  /** Moves the simulated date (counts grow, activity windows move, new servers appear); 429s start afresh. */
  setNow(date: Date): void;
  readonly stats: SimStats;
  close(): Promise<void>;
}

const MAX_POST_BYTES = 64 * 1024;

export async function startSimFediverse(options: SimServerOptions): Promise<SimFediverse> {
  const { catalogue } = options;
  let now = options.now ?? catalogue.start;
  const slowDelayMs = options.slowDelayMs ?? 300;
  const latencyMs = options.latencyMs ?? 0;
  const hugeBodyBytes = options.hugeBodyBytes ?? 50 * 1024 * 1024;
  const ca = await ensureSimCa(options.caDir ?? DEFAULT_CA_DIR);
  const mint = await createLeafMinter(ca);
  const contexts = new Map<string, Promise<tls.SecureContext>>();
  const stats = new StatsRecorder();
  const timers = new Set<NodeJS.Timeout>();

  const server = https.createServer({
    // No default certificate: a client without SNI, or naming a dead host, fails the handshake.
    SNICallback: (servername, cb) => {
      const name = servername.toLowerCase();
      if (!resolveHost(catalogue, name, now)) {
        stats.refused(name);
        // A refused connection still costs a round trip on a real network.
        if (latencyMs > 0) setTimeout(() => cb(new Error(`no simulated host ${name}`)), latencyMs);
        else cb(new Error(`no simulated host ${name}`));
        return;
      }
      const certName = certificateName(name);
      let ctx = contexts.get(certName);
      if (!ctx) {
        ctx = mint(certName).then((leaf) => tls.createSecureContext({ cert: leaf.cert, key: leaf.key }));
        contexts.set(certName, ctx);
      }
      ctx.then((c) => cb(null, c), (err: Error) => cb(err));
    },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'https://sim');
    const end = stats.begin({
      host,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      userAgent: req.headers['user-agent'],
      at: new Date(),
    });
    res.on('close', end);
    const servername = (req.socket as tls.TLSSocket).servername;
    if (typeof servername !== 'string' || servername.toLowerCase() !== host) {
      send(res, { kind: 'text', status: 421, contentType: 'text/plain', body: 'Host does not match SNI\n' });
      return;
    }
    const body = req.method === 'POST' ? await readJson(req) : (req.resume(), undefined);
    const reply = route(
      { catalogue, now, firstTry: (path) => stats.firstTry(host, path) },
      { host, method: req.method ?? 'GET', path: url.pathname, body },
    );
    if (reply.kind === 'hang') return; // never answered; the client gives up, close() cleans up
    const target = resolveHost(catalogue, host, now);
    const delay = latencyMs + (target?.host.quirks.has('slow') ? slowDelayMs : 0);
    if (delay > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        send(res, reply, hugeBodyBytes);
      }, delay);
      timers.add(t);
    } else {
      send(res, reply, hugeBodyBytes);
    }
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  });
  // Refused handshakes are the point, so nothing is logged; their durations go to stats.refusedTiming. The TLS
  // socket's `_parent` is the TCP socket the 'connection' event saw (Node internals; a test tool may lean on them).
  const arrivals = new WeakMap<object, number>();
  server.on('connection', (socket: object) => arrivals.set(socket, performance.now()));
  server.on('tlsClientError', (_err: Error, tlsSocket: { _parent?: object }) => {
    const arrived = tlsSocket._parent ? arrivals.get(tlsSocket._parent) : undefined;
    if (arrived !== undefined) stats.refusedTook(performance.now() - arrived);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    connectTo: `::127.0.0.1:${port}`,
    caPath: ca.certPath,
    catalogue,
    get now() {
      return now;
    },
    setNow(date: Date) {
      now = date;
      stats.newEpoch();
    },
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Minting costs ~10 ms per certificate, which thousands of hosts would spend inside the crawl under test; so
 * names of three or more labels share one wildcard certificate per parent (`*.sim-social.net`), which
 * verification accepts for exactly one extra label. Two-label names get their own.
 */
function certificateName(name: string): string {
  const dot = name.indexOf('.');
  return name.split('.').length >= 3 ? `*${name.slice(dot)}` : name;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_POST_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Exclude<SimReply, { kind: 'hang' }>, hugeBytes = 0): void {
  if (res.destroyed) return;
  switch (reply.kind) {
    case 'json': {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(text);
      return;
    }
    case 'text':
      res.writeHead(reply.status, { 'content-type': reply.contentType });
      res.end(reply.body);
      return;
    case 'redirect':
      res.writeHead(reply.status, { location: reply.location, 'content-type': 'text/plain' });
      res.end(`Redirecting to ${reply.location}\n`);
      return;
    case 'huge':
      streamHuge(res, hugeBytes);
      return;
  }
}

/** A valid-looking NodeInfo padded to `bytes`, streamed with backpressure so memory stays flat. */
function streamHuge(res: ServerResponse, bytes: number): void {
  const head = '{"version":"2.0","software":{"name":"mastodon","version":"4.3.2"},"metadata":{"padding":"';
  const tail = '"}}';
  const chunk = 'x'.repeat(64 * 1024);
  let left = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(head.length + left + tail.length) });
  res.write(head);
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}
