// Figures people published from Mastodon's official statistics, kept so the site can show how each compares
// with the complete row of the archived series (../shared/README.md, "Reference figures published elsewhere").
import type { PublishedQuote } from './history-model.ts';

export const PUBLISHED_QUOTES: readonly PublishedQuote[] = [
  {
    from: '2022-10-27',
    to: '2022-11-07',
    by: "Mastodon's founder (Eugen Rochko), posted on 2022-11-07",
    usersJoined: 489_003,
    serversJoined: 1_124,
    active: 1_028_362,
    note: "read from the 2022-11-07 row before that day was complete: the archived row (complete) says +506,785 users, +1,179 servers and 1,044,405 monthly actives",
  },
  {
    from: '2022-10-27',
    to: '2022-11-02',
    by: "Mastodon's founder (Eugen Rochko), posted on 2022-11-02",
    usersJoined: 199_430,
    serversJoined: 437,
    active: 608_837,
    note: 'matches the archived rows exactly',
  },
];
