// When a server's peer list is asked for. Peer lists are the largest answers a server gives and change
// slowly, and a new server soon appears in many of them, so each list is refreshed once a week rather than
// every night: on a weekday slot of its own (a hash of the name), so the lists fetched each night are about
// a seventh of the servers rather than all of them every seventh night. A list never fetched, or not
// fetched for a week (the server was down on its slot), is fetched at the next crawl that reaches it.
// Night 1 of a census therefore fetches every list; the nights after, about a seventh.

const PEERS_REFRESH_DAYS = 7;

/**
 * SQL, over `servers`, true when the server's peer list need not be fetched on the day bound to `$day`
 * (a DATE): fetched less than a week ago, and today is not its slot (or it was already fetched today).
 * DuckDB's hash() only spreads names over slots: were it to change, slots would move, the week would not.
 */
export function peersFreshSql(day: string): string {
  return `(peers_fetched_on IS NOT NULL
    AND peers_fetched_on > ${day} - ${PEERS_REFRESH_DAYS}
    AND NOT (peers_fetched_on < ${day}
             AND hash(domain) % ${PEERS_REFRESH_DAYS} = (${day} - DATE '1970-01-01') % ${PEERS_REFRESH_DAYS}))`;
}
