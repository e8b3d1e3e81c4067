// Peer-list entries as real servers emit them: mostly plain names, some decorated spellings of valid names,
// and the junk that real lists carry. Each entry is recorded with the canonical name it stands for (or as
// junk with a reason), so the ground truth never needs a name normaliser of its own.
import type { JunkReason, PeerEntry, SimHost, SimSoftware } from './model.ts';
import type { Prng } from './prng.ts';

/** Spellings of a valid name that a correct normaliser maps back to it (trim, case, scheme, path, dot, :443). */
const DECORATIONS: readonly ((name: string, prng: Prng) => string)[] = [
  (n) => n.toUpperCase(),
  (n) => `${n}.`,
  (n) => n.split('.').map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join('.') + '.', // Host.Example.
  (n) => `https://${n}/`,
  (n, p) => `https://${n}/${p.pick(['about', 'users/admin', 'explore'])}`,
  (n) => `http://${n}`,
  (n) => `  ${n}\t`,
  (n) => `${n}:443`,
];

/** Junk entries by reason; none of these may become a server name. */
const JUNK: Readonly<Record<JunkReason, readonly ((prng: Prng, anyName: string) => unknown)[]>> = {
  non_string: [() => 42, () => null, () => ({ host: 'masto-1.sim-social.net' }), () => true, () => ['a.b']],
  ip_literal: [
    (p) => `203.0.113.${p.int(1, 254)}`,
    (p) => `198.51.100.${p.int(1, 254)}`,
    () => '10.0.0.5',
    () => '192.168.1.20',
    () => '[2001:db8::7]',
  ],
  special_use: [
    () => 'foo.local',
    () => 'localhost',
    (p) => `x${p.int(1, 99)}.onion`,
    () => 'svc.internal',
    () => 'relay.test',
    () => 'site.example',
    () => 'a.invalid',
    () => 'host.i2p',
    () => 'dev.localhost',
    () => '4.3.2.1.in-addr.arpa',
  ],
  // A port other than 443 is a different service, even on a real server's name.
  port: [(_p, n) => `${n}:8443`, (_p, n) => `${n}:8080`],
  underscore: [(p) => `bad_name-${p.int(1, 99)}.sim-social.net`, () => '_dmarc.sim-links.org'],
  no_dot: [() => 'intranet', (p) => `justahost${p.int(1, 9)}`],
  label_too_long: [(p) => `${'a'.repeat(64)}${p.int(1, 9)}.sim-social.net`],
  too_long: [() => `${'sub.'.repeat(62)}sim-social.net`, (p) => `${'x'.repeat(60)}.`.repeat(5) + `sim-${p.int(1, 9)}.net`],
};

const JUNK_REASONS = Object.keys(JUNK) as JunkReason[];

export function plainEntry(name: string): PeerEntry {
  return { raw: name, canonical: name };
}

/** A valid entry for `target`: plain most of the time, else a decorated or Unicode spelling. */
export function validEntry(target: SimHost, prng: Prng, listedBy: SimSoftware): PeerEntry {
  if (target.unicodeName && prng.chance(0.5)) return { raw: target.unicodeName, canonical: target.name };
  // Friendica lists profile-ish paths without a scheme; the path is stripped.
  if (listedBy === 'friendica' && prng.chance(0.3)) return { raw: `${target.name}/profile/admin`, canonical: target.name };
  if (prng.chance(0.7)) return plainEntry(target.name);
  return { raw: prng.pick(DECORATIONS)(target.name, prng), canonical: target.name };
}

export function junkEntry(prng: Prng, anyName: string, reason: JunkReason = prng.pick(JUNK_REASONS)): PeerEntry {
  return { raw: prng.pick(JUNK[reason])(prng, anyName), canonical: null, junk: reason };
}

/**
 * A peer list naming `targets` (about ten per live server in reality) plus junk. snac lists more names with
 * ports; every list gets at least one junk entry so drop counting is always exercised.
 */
export function buildPeerList(
  prng: Prng,
  listedBy: SimSoftware,
  targets: readonly SimHost[],
  junkCount: number,
): PeerEntry[] {
  const entries = targets.map((t) => validEntry(t, prng, listedBy));
  for (let i = 0; i < junkCount; i++) {
    const anyName = targets.length > 0 ? prng.pick(targets).name : 'masto-1.sim-social.net';
    const reason = listedBy === 'snac' && prng.chance(0.5) ? 'port' : undefined;
    entries.push(junkEntry(prng, anyName, reason));
  }
  return prng.shuffle(entries);
}
