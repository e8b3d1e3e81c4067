// Shared by the sim's own tests: find hosts with a given fault or quirk in a catalogue.
import { indexHosts, type SimCatalogue, type SimFault, type SimHost, type SimQuirk, type SimSoftware } from '../../sim/model.ts';

export function hostWith(
  catalogue: SimCatalogue,
  want: { readonly fault?: SimFault; readonly quirk?: SimQuirk; readonly software?: SimSoftware },
): SimHost {
  const host = catalogue.hosts.find(
    (h) =>
      h.fault === (want.fault ?? 'none') &&
      (want.quirk === undefined ? h.quirks.size === 0 : h.quirks.has(want.quirk)) &&
      (want.software === undefined || h.software === want.software) &&
      h.createdAt <= catalogue.start,
  );
  if (!host) throw new Error(`no host with ${JSON.stringify(want)}`);
  return host;
}

/** A hand-made healthy host for precedence tests; override what the test is about. */
export function makeHost(name: string, overrides: Partial<SimHost> = {}): SimHost {
  return {
    name,
    software: 'mastodon',
    version: '4.3.2',
    fault: 'none',
    quirks: new Set(),
    createdAt: new Date('2024-01-01T00:00:00Z'),
    growthFrom: new Date('2026-03-02T00:00:00Z'),
    base: { usersTotal: 100, usersActiveMonth: 20, usersActiveHalfyear: 40, localPosts: 5000 },
    growthPerDay: 0,
    openRegistrations: true,
    peers: [],
    ...overrides,
  };
}

export function catalogueOf(hosts: readonly SimHost[], seeds: readonly string[]): SimCatalogue {
  return { seed: 0, start: new Date('2026-03-02T00:00:00Z'), hosts, byName: indexHosts(hosts), seeds };
}
