// Did this day's crawl see the fediverse, or did the crawler's machine lose its network? A day whose share
// of servers reached falls far below the previous day's is not published: the figures would show a collapse
// that never happened. The day is judged whole (every attempt of the day, an interrupted run's included):
// a rerun after a kill or a full disk crawls only what was left, and the crawl order leaves mostly failures
// for last, so its own attempts say nothing about the network (issue #12). Small days are not judged (too
// few servers for a share to mean anything).
export interface RunReach {
  readonly attempted: number;
  readonly ok: number;
}

export const MIN_ATTEMPTS_TO_JUDGE = 20;
/** Publish only when this run reached at least this fraction of the previous run's share. */
export const DEFAULT_MIN_REACH_RATIO = 0.5;

export type ReachVerdict = { readonly publish: true } | { readonly publish: false; readonly why: string };

export function judgeReach(current: RunReach, previous: RunReach | null, minRatio = DEFAULT_MIN_REACH_RATIO): ReachVerdict {
  if (current.ok === 0) {
    return { publish: false, why: `no server was reached this day (${current.attempted} attempted): is this machine offline?` };
  }
  if (!previous || previous.attempted < MIN_ATTEMPTS_TO_JUDGE || current.attempted < MIN_ATTEMPTS_TO_JUDGE) return { publish: true };
  const share = current.ok / current.attempted;
  const before = previous.ok / previous.attempted;
  if (share >= before * minRatio) return { publish: true };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return {
    publish: false,
    why:
      `this day reached ${pct(share)} of the servers tried (${current.ok}/${current.attempted}), the previous day ` +
      `${pct(before)} (${previous.ok}/${previous.attempted}): more likely this machine lost its network than the ` +
      `fediverse shrank, so nothing was published`,
  };
}
