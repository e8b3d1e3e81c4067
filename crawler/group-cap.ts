// Spam wildcards: the real mastodon.social peer list names 7,336 `*.activitypub-troll.cf` hosts, and
// tunnels (`*.ngrok.io`) hundreds more, nearly all dead. Names that were never seen ok are admitted per
// registrable domain up to a nightly cap; servers once seen ok always pass, so real hosting providers
// (masto.host, wordpress.com) keep every live server and only their unproven names rotate night by night.
import { registrableDomain } from './discovery/registrable.ts';

export const DEFAULT_MAX_NEW_PER_DOMAIN = 100;

export interface GroupCap {
  /** True if the name may be attempted tonight; counts it against its group when it was never seen ok. */
  admit(domain: string): boolean;
  /** Names turned away tonight, by registrable domain. */
  skipped(): Record<string, number>;
}

/** `maxPerGroup` 0 means no cap (the operator's `--max-new-per-domain 0`). */
export function createGroupCap(maxPerGroup: number, everOk: ReadonlySet<string>): GroupCap {
  const admitted = new Map<string, number>();
  const skipped: Record<string, number> = {};
  return {
    admit(domain) {
      if (maxPerGroup === 0 || everOk.has(domain)) return true;
      const group = registrableDomain(domain);
      const count = admitted.get(group) ?? 0;
      if (count >= maxPerGroup) {
        skipped[group] = (skipped[group] ?? 0) + 1;
        return false;
      }
      admitted.set(group, count + 1);
      return true;
    },
    skipped: () => ({ ...skipped }),
  };
}
