// `fedicensus serve`: the API, the published datasets and the static site on one port, until SIGTERM or
// SIGINT, then a graceful stop (no new connections, in-flight requests finish, the census closes).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createApp, prepareSnapshot, warmSnapshot } from './app.ts';
import { CensusSource, type Timers } from './census-source.ts';
import { resolveServeConfig, type ServeInput } from './config.ts';

export interface StartOptions extends ServeInput {
  /** Structured logs; default pino at info level on stdout. */
  readonly logger?: Logger;
  /** Stop on SIGTERM/SIGINT (default true; tests starting several servers turn it off). */
  readonly handleSignals?: boolean;
  readonly timers?: Timers;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8787 (the real port when 0 was asked). */
  readonly url: string;
  /** Stops gracefully; safe to call more than once. */
  close(): Promise<void>;
  /** Settles when the server has stopped, whoever stopped it. */
  readonly closed: Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const config = resolveServeConfig(options);
  const logger = options.logger ?? pino({ name: 'fedicensus-api' });
  const source = await CensusSource.start({
    publishDir: config.publishDir,
    dbPath: config.dbPath,
    logger,
    pollMs: config.pollMs,
    connections: config.connections,
    answerCacheBytes: config.answerCacheBytes,
    warm: warmSnapshot,
    prepare: prepareSnapshot,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const app = createApp({ source, logger, publishDir: config.publishDir, siteDir: config.siteDir });

  let server: Server;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, resolve) as Server;
    server.once('error', reject);
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, publishDir: config.publishDir, snapshot: source.current() }, 'fedicensus API listening');

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | null = null;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still running after the grace period lose their connection rather than hold the stop.
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      force.unref();
      await stopped;
      clearTimeout(force);
      await source.close();
      logger.info('fedicensus API stopped');
      resolveClosed();
    })();
    return closing;
  };
  function onSignal(signal: NodeJS.Signals): void {
    logger.info({ signal }, 'stopping');
    void close();
  }
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url, close, closed };
}
