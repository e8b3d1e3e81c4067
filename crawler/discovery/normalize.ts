// Peer names as servers list them (docs/contributing.md, "Peer names"): one canonical spelling per server, so
// that a server is crawled once, and a reason for every name dropped, so that the discovery report can say
// what the fediverse's peer lists are made of. Pure and total: any JSON value in, a name or a reason out.
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

export const DROP_REASONS = [
  'non_string', // not a string (numbers, objects, null in a peer list)
  'empty', // nothing left after trimming, scheme and path
  'too_long', // over 253 characters (or an absurdly long raw entry)
  'label_too_long', // a label over 63 characters
  'empty_label', // "a..b"
  'invalid_chars', // ASCII outside letters, digits, '-' and '.', e.g. spaces, '@', '*', a non-numeric port
  'invalid_idna', // Unicode or punycode that IDNA (UTS #46, as in URLs) rejects: no URL can reach it
  'ip_literal', // an IPv4 or IPv6 address: not a server name, and a way to aim the crawler at a network
  'port', // host:port with a port other than 443: a different service than https://host/
  'underscore', // '_' is not allowed in host names (RFC 952/1123); URL parsers and TLS certificates disagree on it
  'special_use', // RFC 6761 and friends: localhost, .local, .onion, .arpa, ... never a public server
  'no_dot', // a single label: not a public name
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type NormalizedName =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: DropReason };

/** The special-use top-level names of the house rule (`localhost` itself, and names under these). */
const SPECIAL_USE = new Set(['localhost', 'local', 'internal', 'onion', 'i2p', 'arpa', 'test', 'invalid', 'example']);
// Work on a raw entry is bounded before any regular expression runs: no real name (with scheme and path) is
// this long, and a hostile peer list may hold megabyte strings.
const MAX_RAW = 1024;
const MAX_NAME = 253;
const MAX_LABEL = 63;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const LDH = /^[a-z0-9.-]+$/;
// The URL standard parses a host whose last label is a number (decimal or 0x hex) as IPv4, so such a name can
// only ever be an address (or invalid): "1.2.3.4", "10.0.0.010", "foo.0x7f".
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

const drop = (reason: DropReason): NormalizedName => ({ ok: false, reason });

/**
 * The canonical name of a peer-list entry: trimmed, lower-cased, without scheme, path, `:443` or trailing dot,
 * IDNA-encoded (`social.λ.zone` -> `social.xn--wxa.zone`); or why it is not a server name. Never throws.
 */
export function normalizeName(entry: unknown): NormalizedName {
  if (typeof entry !== 'string') return drop('non_string');
  if (entry.length > MAX_RAW) return drop('too_long');
  let s = entry.trim().toLowerCase().replace(SCHEME, '').replace(/^\/\//, '');
  // Path, query or fragment: Friendica and old lists carry "host/" or "host/path".
  const end = s.search(/[/?#]/);
  if (end >= 0) s = s.slice(0, end);
  if (s === '') return drop('empty');
  if (s.startsWith('[')) return drop('ip_literal'); // [IPv6] or [IPv6]:port
  const colon = s.indexOf(':');
  if (colon >= 0) {
    if (s.lastIndexOf(':') !== colon) return drop(ipaddr.IPv6.isValid(s) ? 'ip_literal' : 'invalid_chars');
    const port = s.slice(colon + 1);
    if (!/^[0-9]{1,5}$/.test(port)) return drop('invalid_chars');
    if (Number(port) !== 443) return drop('port');
    s = s.slice(0, colon); // https://host:443/ is https://host/
  }
  s = s.replace(/\.$/, '');
  if (s === '') return drop('empty');
  if (s.includes('_')) return drop('underscore');
  if (NUMERIC_LABEL.test(lastLabel(s))) return drop('ip_literal');
  // One LDH scan per entry (this runs for every name of a 120,000-name list).
  const ldh = LDH.test(s);
  if (!ldh && ASCII.test(s)) return drop('invalid_chars');
  // UTS #46 as the URL standard applies it: maps Unicode, checks punycode labels ("xn--" that decode to
  // disallowed code points give ''), so a name kept here is one `new URL()` and undici accept. Plain
  // lower-case LDH without punycode maps to itself: skipped, which halves the time on a 120,000-name list.
  if (ldh && !s.includes('xn--')) return checkLabels(s);
  const ascii = domainToASCII(s).replace(/\.$/, '');
  if (ascii === '') return drop('invalid_idna');
  if (!LDH.test(ascii)) return drop('invalid_chars');
  return checkLabels(ascii);
}

function lastLabel(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function checkLabels(name: string): NormalizedName {
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return drop('empty_label');
  if (SPECIAL_USE.has(lastLabel(name))) return drop('special_use');
  if (labels.length < 2) return drop('no_dot');
  if (name.length > MAX_NAME) return drop('too_long');
  if (labels.some((label) => label.length > MAX_LABEL)) return drop('label_too_long');
  return { ok: true, name };
}
