// Which IP addresses the crawler may connect to. Peer lists and DNS are attacker-controlled input: a name can
// resolve to the cloud metadata service (169.254.169.254), to the operator's LAN, or to loopback. Only global
// unicast addresses are acceptable; everything ipaddr.js classifies otherwise is refused, with its class named.
import ipaddr from 'ipaddr.js';

/** Why an address is refused, or null when it is an acceptable public unicast address. */
export function refusalReason(address: string): string | null {
  const bare = stripBrackets(address);
  // A zone id (fe80::1%eth0) only ever appears on link-local addresses; drop it so parsing does not fail open.
  const withoutZone = bare.split('%')[0] ?? bare;
  if (!ipaddr.isValid(withoutZone)) return 'not an IP address';
  const parsed = ipaddr.parse(withoutZone);
  if (parsed.kind() === 'ipv4') return reasonForRange(parsed.range());
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  // An IPv6 socket given ::ffff:10.0.0.1 talks to 10.0.0.1; judge the embedded IPv4 address instead.
  if (range === 'ipv4Mapped') {
    const inner = reasonForRange(v6.toIPv4Address().range());
    return inner === null ? null : `IPv4-mapped ${inner}`;
  }
  // NAT64 (64:ff9b::/96) is how IPv6-only hosts reach IPv4 servers: allow it when the embedded address is public.
  if (range === 'rfc6052' && v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) {
    const inner = reasonForRange(embeddedIPv4(v6).range());
    return inner === null ? null : `NAT64 ${inner}`;
  }
  return reasonForRange(range);
}

/** `[::1]` -> `::1`: URLs bracket IPv6 literals, sockets and address parsers do not. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function reasonForRange(range: string): string | null {
  return range === 'unicast' ? null : RANGE_NAMES[range] ?? range;
}

function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = v6.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}

// ipaddr.js range names, spelled for an operator reading a log line.
const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'CGNAT',
  private: 'private',
  reserved: 'reserved',
  uniqueLocal: 'unique-local',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64 local-use',
  '6to4': '6to4',
  teredo: 'Teredo',
  benchmarking: 'benchmarking',
  amt: 'AMT',
  as112: 'AS112',
  as112v6: 'AS112',
  orchid2: 'ORCHIDv2',
  deprecatedOrchid: 'ORCHID',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
  segmentRouting: 'segment routing',
  droneRemoteIdProtocolEntityTags: 'DET',
};

/** Thrown by the connector; the session maps it to failure kind 'unreachable'. */
export class RefusedAddressError extends Error {
  readonly code = 'FEDICENSUS_REFUSED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      hostname === address
        ? `refused address ${address} (${reason})`
        : `refused address ${address} (${reason}) for ${hostname}`,
    );
    this.name = 'RefusedAddressError';
  }
}
