// The undici Agent every crawl request goes through. Its connector is where the address guard lives: the guard
// runs on every new connection, after DNS and right before the socket connects to the address it checked, so
// redirects, keep-alive reconnects and DNS rebinding cannot slip past it. `--connect-to` rules are applied here
// too, so the URL, Host header and TLS name stay the original host's while the socket goes elsewhere.
import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { checkServerIdentity, createSecureContext, type PeerCertificate } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { RefusedAddressError, refusalReason, stripBrackets } from './address-guard.ts';
import { matchConnectTo, type ConnectToRule } from './connect-to.ts';

export interface ResolvedAddress {
  readonly address: string;
  /** 4 or 6. */
  readonly family: number;
}

/** Resolves a name to all its addresses; injected so tests need no DNS. */
export type Lookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo, so /etc/hosts applies), all addresses in the resolver's order. */
const systemLookup: Lookup = (hostname) => dnsPromises.lookup(hostname, { all: true, verbatim: true });

export interface DispatcherOptions {
  readonly connectTo?: readonly ConnectToRule[];
  readonly lookup?: Lookup;
  /** DNS plus TCP plus TLS handshake. */
  readonly connectTimeoutMs?: number;
  /** From sending the request to the end of the response headers. */
  readonly headersTimeoutMs?: number;
  /** Longest silence between two body chunks. */
  readonly bodyTimeoutMs?: number;
  /** Connections per origin; 1 keeps even concurrent sessions from opening parallel connections to a host. */
  readonly connections?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;
const DEFAULT_BODY_TIMEOUT_MS = 15_000;

export function createDispatcher(options: DispatcherOptions = {}): Agent {
  return createDispatcherWith(createGuardedConnector(options), options);
}

/**
 * A dispatcher over an existing connector. The crawl makes one per server and closes it when the server is
 * done, so sockets and per-origin pools of tens of thousands of servers never pile up in one long-lived
 * Agent; the connector (and its secure context) is shared.
 */
export function createDispatcherWith(connect: buildConnector.connector, options: DispatcherOptions = {}): Agent {
  return new Agent({
    connect,
    connections: options.connections ?? 1,
    headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    bodyTimeout: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    allowH2: false,
  });
}

/** The connector on its own, for tests that want to see what a connection attempt does. */
export function createGuardedConnector(options: DispatcherOptions = {}): buildConnector.connector {
  const rules = options.connectTo ?? [];
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  // No `ca` option anywhere: Node's default list plus NODE_EXTRA_CA_CERTS must stay in force. One secure
  // context serves every connection: building one parses the whole CA list, which cost more CPU than the
  // rest of a connection attempt when made per connection (bench/crawl).
  const secureContext = createSecureContext();
  const guarded = buildConnector({ timeout, secureContext, lookup: guardedLookup(options.lookup ?? systemLookup) } as buildConnector.BuildOptions);
  // Mapped hosts: SNI and the certificate check use the original name (servername).
  const mappedByName = buildConnector({ timeout, secureContext } as buildConnector.BuildOptions);

  return (connectOptions, callback) => {
    const hostname = stripBrackets(connectOptions.hostname);
    const port = Number(connectOptions.port) || 443;
    if (connectOptions.protocol !== 'https:') {
      callback(new Error(`refused ${connectOptions.protocol} connection to ${hostname}: https only`), null);
      return;
    }
    const target = matchConnectTo(rules, hostname, port);
    if (target?.explicitHost) {
      // The operator named the destination: no guard, but the certificate must still be valid for the original
      // host, IP literals included (for those, SNI is empty and Node would otherwise check HOST2's name).
      const mapped = isIP(hostname)
        ? buildConnector({
            timeout,
            secureContext,
            checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(hostname, cert),
          } as buildConnector.BuildOptions)
        : mappedByName;
      mapped(
        {
          ...connectOptions,
          hostname: target.host,
          port: String(target.port),
          servername: isIP(hostname) ? '' : hostname,
        },
        callback,
      );
      return;
    }
    // IP literals never reach the lookup function, so judge them here.
    if (isIP(hostname)) {
      const reason = refusalReason(hostname);
      if (reason !== null) {
        callback(new RefusedAddressError(hostname, hostname, reason), null);
        return;
      }
    }
    guarded({ ...connectOptions, hostname, port: String(target?.port ?? port) }, callback);
  };
}

/**
 * A `net` lookup that refuses the whole name when any of its addresses is not public: a name that mixes a
 * public and a private address is a rebinding setup, and net's happy-eyeballs could pick either.
 */
function guardedLookup(lookup: Lookup): LookupFunction {
  return (hostname, options, callback) => {
    const reply = (err: NodeJS.ErrnoException | null, addresses: readonly ResolvedAddress[] = []): void => {
      // Leave the promise chain first, so an exception in net's callback cannot turn into a second call.
      process.nextTick(() => {
        if (err) return callback(err, '', 0);
        const wanted = options.family === 4 || options.family === 6
          ? addresses.filter((a) => a.family === options.family)
          : addresses;
        const first = wanted[0];
        if (!first) return callback(notFound(hostname), '', 0);
        if (options.all) return callback(null, wanted.map((a): LookupAddress => ({ ...a })));
        return callback(null, first.address, first.family);
      });
    };
    lookup(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return reply(notFound(hostname));
        for (const { address } of addresses) {
          const reason = refusalReason(address);
          if (reason !== null) return reply(new RefusedAddressError(hostname, address, reason));
        }
        return reply(null, addresses);
      },
      (err: NodeJS.ErrnoException) => reply(err),
    );
  };
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}
