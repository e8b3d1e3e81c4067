// What a server name is, decided once for the whole product (docs/contributing.md, "Peer names"): the crawler
// keeps a peer-list entry under this name, the API looks a `domain` parameter up by it, the site names a
// server's page after it and its find box turns what a person types into it. One canonical spelling per
// server (lower-case ASCII, IDNA A-labels: `social.xn--wxa.zone`), shown to people in U-labels
// (`social.λ.zone`), and a reason for every name refused. Pure and total, and free of Node built-ins, so the
// site's browser script uses the very same code: any JSON value in, a name or a reason out.
//
// The label rule is the host-name rule of RFC 1035 2.3.1 / RFC 1123 2.1 (letters, digits, hyphens; a label
// neither starts nor ends with a hyphen), with IDNA A-labels for the rest of Unicode (RFC 5890-5892, as
// UTS #46 and the URL standard map it): RFC 5891 4.2.3.1 also reserves "--" in the third and fourth positions
// for A-labels ("xn--"). mastodon.social's real peer lists (121,644 names in 2026, 26,868 in 2022;
// test/fixtures/datasets) hold no label that breaks the hyphen rule, so refusing those costs no real server.
import ipaddr from 'ipaddr.js';
import punycode from 'punycode/punycode.js';

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
  'hyphen', // a label starting or ending with '-' (RFC 1035 2.3.1), or '--' at 3-4 that is not "xn--" (RFC 5891 4.2.3.1)
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
// Unicode may hold any ASCII beside it; only LDH is allowed there, so no '@', '%' or '\\' reaches the URL parser.
// eslint-disable-next-line no-control-regex
const LDH_OR_UNICODE = /^(?:[a-z0-9.-]|[^\x00-\x7f])+$/;

const drop = (reason: DropReason): NormalizedName => ({ ok: false, reason });

/**
 * The canonical name of a peer-list entry: trimmed, lower-cased, without scheme, path, `:443` or trailing dot,
 * IDNA-encoded (`social.λ.zone` -> `social.xn--wxa.zone`); or why it is not a server name. Never throws.
 */
export function normalizeName(entry: unknown): NormalizedName {
  return normalize(entry, true);
}

/**
 * A name as `normalizeName` spells it, special-use names included (`a.example`, `relay.test`): they are names,
 * only never a public server's, so the crawler refuses them while a look-up of one is simply not found.
 */
export function parseServerName(entry: unknown): NormalizedName {
  return normalize(entry, false);
}

function normalize(entry: unknown, refuseSpecialUse: boolean): NormalizedName {
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
  if (!ldh && (ASCII.test(s) || !LDH_OR_UNICODE.test(s))) return drop('invalid_chars');
  // UTS #46 as the URL standard applies it: maps Unicode, checks punycode labels ("xn--" that decode to
  // disallowed code points are refused), so a name kept here is one `new URL()` and undici accept. Plain
  // lower-case LDH without punycode maps to itself: skipped, which halves the time on a 120,000-name list.
  if (ldh && !s.includes('xn--')) return checkLabels(s, refuseSpecialUse);
  const ascii = idnaToAscii(s);
  if (ascii === null) return drop('invalid_idna');
  if (!LDH.test(ascii)) return drop('invalid_chars');
  return checkLabels(ascii, refuseSpecialUse);
}

/**
 * UTS #46 ToASCII as the URL standard applies it (Node's `domainToASCII` and every browser agree: both are
 * that algorithm), through the URL parser so that the browser script needs no Node built-in. Null: refused.
 */
function idnaToAscii(name: string): string | null {
  // Only LDH and non-ASCII characters get here: no '@', ':', '/', '?', '#', '%' or '\\' reaches the parser,
  // so the host it parses is the whole name.
  try {
    const host = new URL(`https://${name}/`).hostname.replace(/\.$/, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

function lastLabel(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function checkLabels(name: string, refuseSpecialUse: boolean): NormalizedName {
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return drop('empty_label');
  if (refuseSpecialUse && SPECIAL_USE.has(lastLabel(name))) return drop('special_use');
  if (labels.length < 2) return drop('no_dot');
  if (name.length > MAX_NAME) return drop('too_long');
  if (labels.some((label) => label.length > MAX_LABEL)) return drop('label_too_long');
  if (labels.some(badHyphens)) return drop('hyphen');
  return { ok: true, name };
}

function badHyphens(label: string): boolean {
  if (label.startsWith('xn--')) return aLabelHasBadHyphens(label);
  return label.startsWith('-') || label.endsWith('-') || label.slice(2, 4) === '--';
}

/** RFC 5891 4.2.3.1 holds for the U-label an A-label stands for (`xn--bcher--kva` is "bücher-"). */
function aLabelHasBadHyphens(label: string): boolean {
  try {
    const unicode = punycode.decode(label.slice(4));
    return unicode.startsWith('-') || unicode.endsWith('-') || unicode.slice(2, 4) === '--';
  } catch {
    return true; // not reached: UTS #46 has already refused punycode that does not decode
  }
}

/** True for a name already in canonical form (what the census stores): `normalizeName(name)` gives it back. */
export function isServerName(name: string): boolean {
  const normal = parseServerName(name);
  return normal.ok && normal.name === name;
}

/** The name as people read it: A-labels shown as Unicode (`social.xn--wxa.zone` -> `social.λ.zone`). */
export function displayServerName(name: string): string {
  if (!name.includes('xn--')) return name;
  try {
    return punycode.toUnicode(name);
  } catch {
    return name; // not reached for a canonical name: its A-labels decoded when it was normalised
  }
}

/**
 * The server name in what a person types or pastes: a name, a URL, a handle (`@me@example.social`,
 * `me@example.social`), in any case, Unicode or not.
 */
export function serverNameFromInput(input: string): NormalizedName {
  const handle = input.trim().replace(/^@?[^@/:]*@/, '');
  return parseServerName(handle);
}

/** Why a name was refused, as the rest of a sentence whose subject is the name ("... is not a server name: ..."). */
export const DROP_REASON_TEXT: Readonly<Record<DropReason, string>> = {
  non_string: 'it is not text',
  empty: 'it is empty',
  too_long: 'a server name has at most 253 characters',
  label_too_long: 'each part between dots has at most 63 characters',
  empty_label: 'it has an empty part between dots',
  invalid_chars: 'a server name is letters, digits and hyphens in parts separated by dots',
  invalid_idna: 'it holds characters that international domain names do not allow',
  ip_literal: 'it is an IP address',
  port: 'it names a port other than 443',
  underscore: "host names have no '_'",
  hyphen: 'a part between dots may neither start nor end with a hyphen',
  special_use: 'it is a special-use name that no public server has (localhost, .local, .onion, .test, ...)',
  no_dot: 'it has no dot',
};

/**
 * The longest page name a server's own name may be: a server's longest file is
 * `figures/servers/<page>-activity.csv`, and most file systems allow 255 bytes in a name.
 */
export const MAX_SERVER_PAGE_NAME = 240;

/**
 * The file name (without extension) of a server's page on the site, used by the site build and the find box
 * alike: the name itself, or for a name too long for a file name (a few real ones are 240-253 characters) its
 * first 200 characters, '~' and a hash of the whole. '~' is never in a server name, so a derived page name
 * cannot be another server's. Null for what is not a server name.
 */
export function serverPageName(name: string): string | null {
  if (!isServerName(name)) return null;
  if (name.length <= MAX_SERVER_PAGE_NAME) return name;
  return `${name.slice(0, 200)}~${fnv1a64(name)}`;
}

/** FNV-1a, 64 bits, as hex: a stable hash that needs no crypto module (the find box runs in the browser). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
