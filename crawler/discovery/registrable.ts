// Registrable domain (eTLD+1) of a normalised peer name, for grouping: one spammer's wildcard DNS
// (`*.activitypub-troll.cf`, 7,336 names on mastodon.social in 2026) or a tunnel service (`*.ngrok.io`) is one
// registrable domain however many names it fills the peer lists with, so discovery can group and cap it.
import { getDomain } from 'tldts';

// Public Suffix List ICANN section only. The private section lists tunnel and hosting services (ngrok.io,
// ngrok-free.app, github.io, ...) as suffixes, which would make every tunnel its own registrable domain and
// hide exactly the floods this grouping exists to find. The cost: names under a hosting provider's domain
// (e.g. `*.masto.host`) form one group too, so a cap on a group must be generous enough for real hosters.
const OPTIONS = {
  allowPrivateDomains: false,
  extractHostname: false, // the input is already a host name (core/server-name.ts)
  detectIp: false, // IP literals never get here
  validateHostname: false,
} as const;

/**
 * The registrable domain of a normalised name (`a.b.activitypub-troll.cf` -> `activitypub-troll.cf`,
 * `x.ngrok.io` -> `ngrok.io`, `foo.co.uk` -> `foo.co.uk`). When there is none (the name is itself a public
 * suffix, such as `co.uk`), the name itself, so that every name belongs to exactly one group.
 */
export function registrableDomain(name: string): string {
  return getDomain(name, OPTIONS) ?? name;
}
