// Per-test servers, dispatchers and sessions, closed after each test.
import { afterEach } from 'vitest';
import type { Agent } from 'undici';
import { parseConnectTo } from '../../../crawler/net/connect-to.ts';
import { createDispatcher, type DispatcherOptions } from '../../../crawler/net/dispatcher.ts';
import { createHostSession, type HostSessionOptions } from '../../../crawler/net/session.ts';
import { buildUserAgent } from '../../../crawler/net/user-agent.ts';
import type { HostSession } from '../../../crawler/net/types.ts';
import { startTestServer, type Handler, type TestServer } from './https-server.ts';

export const DOMAIN = 'foo.social-sim.net';

export interface Harness {
  server(handler: Handler, certFor?: string): Promise<TestServer>;
  dispatcher(options: DispatcherOptions): Agent;
  /** A session whose connections all go to `s` through `::127.0.0.1:PORT` unless `dispatcherOptions.connectTo` says otherwise. */
  session(s: TestServer, options?: Partial<HostSessionOptions>, dispatcherOptions?: DispatcherOptions): HostSession;
}

export function useHarness(): Harness {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const dispatcher = (options: DispatcherOptions): Agent => {
    const agent = createDispatcher(options);
    cleanups.push(() => agent.destroy());
    return agent;
  };
  return {
    async server(handler, certFor) {
      const s = await startTestServer(handler, certFor);
      cleanups.push(() => s.close());
      return s;
    },
    dispatcher,
    session(s, options = {}, dispatcherOptions = {}) {
      const agent = dispatcher({ connectTo: [parseConnectTo(`::127.0.0.1:${s.port}`)], ...dispatcherOptions });
      return createHostSession({ domain: DOMAIN, dispatcher: agent, userAgent: buildUserAgent(), timeoutMs: 10_000, ...options });
    },
  };
}
