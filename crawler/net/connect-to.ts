// `--connect-to HOST1:PORT1:HOST2:PORT2`, with curl's semantics (curl(1), --connect-to): connections for
// HOST1:PORT1 go to HOST2:PORT2 while the URL, Host header and TLS name stay HOST1's. An empty HOST1 or PORT1
// matches any host or port; an empty HOST2 or PORT2 keeps the request's own. IPv6 literals are bracketed.
// The first matching rule wins, as in curl. Operators use it to crawl a simulated fediverse or a staging host.
import { isIPv6 } from 'node:net';
import { stripBrackets } from './address-guard.ts';

export interface ConnectToRule {
  /** Lower-case host to match; null matches any host (empty HOST1). */
  readonly host: string | null;
  /** Port to match; null matches any port (empty PORT1). */
  readonly port: number | null;
  /** Host to connect to; null keeps the request's host (empty HOST2). */
  readonly toHost: string | null;
  /** Port to connect to; null keeps the request's port (empty PORT2). */
  readonly toPort: number | null;
  /** The spec as given, for messages. */
  readonly spec: string;
}

export interface ConnectTarget {
  /** Where to open the TCP connection (an IPv6 literal without brackets). */
  readonly host: string;
  readonly port: number;
  /**
   * True when the rule named HOST2 explicitly. Only then does the operator's choice replace the address guard;
   * with an empty HOST2 the request's own name is resolved and guarded as usual.
   */
  readonly explicitHost: boolean;
  readonly rule: ConnectToRule;
}

/** Parses one spec; throws an Error naming `--connect-to` and the bad value (the CLI exits 2 on it). */
export function parseConnectTo(spec: string): ConnectToRule {
  const fail = (why: string): never => {
    throw new Error(`invalid --connect-to value ${JSON.stringify(spec)}: ${why} (expected HOST1:PORT1:HOST2:PORT2)`);
  };
  const fields = splitFields(spec, fail);
  if (fields.length !== 4) fail(`expected 4 fields separated by ':', found ${fields.length}`);
  const [host1, port1, host2, port2] = fields as [Field, Field, Field, Field];
  return {
    host: parseHost(host1, 'HOST1', fail),
    port: parsePort(port1, 'PORT1', fail),
    toHost: parseHost(host2, 'HOST2', fail),
    toPort: parsePort(port2, 'PORT2', fail),
    spec,
  };
}

export function parseConnectToList(specs: readonly string[]): readonly ConnectToRule[] {
  return specs.map(parseConnectTo);
}

/** The target for a request to hostname:port (port 443 when the URL has none), or null when no rule matches. */
export function matchConnectTo(
  rules: readonly ConnectToRule[],
  hostname: string,
  port: number,
): ConnectTarget | null {
  const host = normalizeHost(hostname);
  for (const rule of rules) {
    if (rule.host !== null && rule.host !== host) continue;
    if (rule.port !== null && rule.port !== port) continue;
    return {
      host: rule.toHost ?? host,
      port: rule.toPort ?? port,
      explicitHost: rule.toHost !== null,
      rule,
    };
  }
  return null;
}

interface Field {
  readonly text: string;
  readonly bracketed: boolean;
}

// Split on ':' except inside [...], so `[::1]:443:[2001:db8::1]:8443` has four fields.
function splitFields(spec: string, fail: (why: string) => never): Field[] {
  const fields: Field[] = [];
  let i = 0;
  for (;;) {
    if (spec[i] === '[') {
      const close = spec.indexOf(']', i);
      if (close === -1) fail('unclosed [');
      fields.push({ text: spec.slice(i + 1, close), bracketed: true });
      i = close + 1;
      if (i < spec.length && spec[i] !== ':') fail(`unexpected ${JSON.stringify(spec[i])} after ]`);
    } else {
      const colon = spec.indexOf(':', i);
      const end = colon === -1 ? spec.length : colon;
      fields.push({ text: spec.slice(i, end), bracketed: false });
      i = end;
    }
    if (i >= spec.length) return fields;
    i += 1; // skip ':'
    if (i === spec.length) {
      fields.push({ text: '', bracketed: false });
      return fields;
    }
  }
}

function parseHost(field: Field, name: string, fail: (why: string) => never): string | null {
  if (field.bracketed) {
    if (!isIPv6(field.text)) fail(`${name} [${field.text}] is not an IPv6 address`);
    return field.text.toLowerCase();
  }
  if (field.text === '') return null;
  if (!/^[A-Za-z0-9._-]+$/.test(field.text)) fail(`${name} ${JSON.stringify(field.text)} is not a host name or IPv4 address`);
  return normalizeHost(field.text);
}

function parsePort(field: Field, name: string, fail: (why: string) => never): number | null {
  if (field.bracketed) fail(`${name} cannot be bracketed`);
  if (field.text === '') return null;
  const port = /^\d{1,5}$/.test(field.text) ? Number(field.text) : NaN;
  if (!(port >= 1 && port <= 65535)) fail(`${name} ${JSON.stringify(field.text)} is not a port (1-65535)`);
  return port;
}

function normalizeHost(hostname: string): string {
  return stripBrackets(hostname).toLowerCase().replace(/\.$/, '');
}
