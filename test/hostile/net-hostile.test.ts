// Hostile answers at the HTTP level not proven elsewhere (issue #12; the rest: test/hostile/cases.ts):
// a gzip bomb sent to a client that asked for no compression, a deeply nested JSON body, a server that
// accepts TCP and never completes the TLS handshake (half-open), and an endless chunked body.
import { createServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseConnectTo } from '../../crawler/net/connect-to.ts';
import { createDispatcher } from '../../crawler/net/dispatcher.ts';
import { createHostSession } from '../../crawler/net/session.ts';
import { buildUserAgent } from '../../crawler/net/user-agent.ts';
import { parseNodeInfo } from '../../crawler/parse/nodeinfo.ts';
import { DOMAIN, useHarness } from '../crawler/net/harness.ts';
import { json } from '../crawler/net/https-server.ts';

const { server, session } = useHarness();

describe('hostile HTTP answers', () => {
  it('reads a gzip bomb as the bytes it is (never inflated): not JSON, memory bounded by the cap', async () => {
    // 100 MB of spaces compress to about 100 KB; the crawler asked for `identity` and must not inflate it.
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    const result = await session(s).getJson('/nodeinfo/2.0');
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    expect(s.seen[1]?.path).toBe('/nodeinfo/2.0');
  }, 30_000);

  it('turns a deeply nested JSON body into a failure or a value, never a crash', async () => {
    const depth = 120_000; // within the 256 KB cap
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('['.repeat(depth) + ']'.repeat(depth));
    });
    const result = await session(s).getJson('/nodeinfo/2.0');
    expect(typeof result.ok).toBe('boolean');
    // V8 reads the nesting without recursion: a value, which the NodeInfo parser refuses as not an object.
    expect(result.ok).toBe(true);
    if (result.ok) expect(parseNodeInfo(result.body)).toEqual({ ok: false, reason: 'NodeInfo is not a JSON object' });
  });

  it('ends an endless chunked body at the size cap', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    expect(await session(s).getJson('/nodeinfo/2.0')).toMatchObject({ ok: false, kind: 'too_large' });
  });

  it('gives up on a half-open server (TCP accepted, no TLS handshake) at the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const dispatcher = createDispatcher({ connectTo: [parseConnectTo(`::127.0.0.1:${port}`)], connectTimeoutMs: 500 });
    try {
      const sess = createHostSession({ domain: DOMAIN, dispatcher, userAgent: buildUserAgent(), timeoutMs: 10_000 });
      expect(await sess.getJson('/.well-known/nodeinfo')).toMatchObject({ ok: false, kind: 'timeout' });
      expect(sockets.length).toBeGreaterThanOrEqual(1);
    } finally {
      await dispatcher.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
