// A tiny static file server on 127.0.0.1 (port 0), standing in for "any static host": it knows nothing of
// the site, serves files by path with a content type, gzips when asked (so transfer sizes are realistic),
// and answers 404 otherwise. Mounted under a sub-path, to prove the site's links are all relative.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export interface StaticSite {
  /** The site's base URL, ending in '/'. */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, mount = '/site/'): Promise<StaticSite> {
  const root = path.resolve(dir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(mount)) return notFound(res);
      let rel = decodeURIComponent(url.pathname.slice(mount.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return notFound(res);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return notFound(res);
      const body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && type !== 'application/octet-stream';
      const sent = gzip ? gzipSync(body) : body;
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': sent.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      res.end(req.method === 'HEAD' ? undefined : sent);
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function notFound(res: import('node:http').ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
}
