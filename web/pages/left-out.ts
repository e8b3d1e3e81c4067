// What the summary leaves out of its sums (api/metrics leftOutOn, in DaySummary.left_out): how many servers,
// how many users, and why, by kind, with the servers flagged. Shown under the overview's headline, so a
// figure is never quoted without the servers it does not hold.
import { OUTLIER_FACTOR, POSTS_PER_USER_MAX, VANISHING_MIN_USERS, VANISHING_SHARE } from '../../api/metrics/anomalies.ts';
import { SUMMARY_KINDS, type Anomaly, type DaySummary, type LeftOutFigures, type SummaryKind } from '../../api/metrics/index.ts';
import { html, type Html } from '../html.ts';

/** Why a kind leaves a server's figures out, for a reader (docs/methodology.md, "Anomalies", has the rule). */
export const LEFT_OUT_WHY: Readonly<Record<SummaryKind, string>> = {
  outlier_total: `reports more than ${OUTLIER_FACTOR} times as many users as any other server of its software`,
  active_vanishing: `reports more than ${VANISHING_MIN_USERS.toLocaleString('en')} users with fewer than ${Math.round(1 / VANISHING_SHARE).toLocaleString('en')}th of them active in a month`,
  posts_per_user: `reports more than ${POSTS_PER_USER_MAX.toLocaleString('en')} posts per user`,
  known_inflation: 'runs software known to count more than its own users (WordPress counts every account of the site; Lemmy before 0.18 counted remote users)',
  active_above_total: 'reports more monthly active users than users in all',
};

/** The figures left out, those that are not nothing: "999999999 users, 5 monthly active users". */
function figuresLeftOut(f: LeftOutFigures): Html {
  const parts = [
    [f.users_total, 'users'],
    [f.users_active_month, 'monthly active users'],
    [f.local_posts, 'posts'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0);
  if (shown.length === 0) return html`no figure`;
  return html`${shown.map(([n, what], i) => html`${i > 0 ? ', ' : ''}<span data-n="${n}">${n}</span> ${what}`)}`;
}

/** Servers named under the headline; the methodology page lists every anomaly of the day. */
const NAMED = 10;

export function leftOutSection(summary: DaySummary, anomalies: readonly Anomaly[], root: string): Html {
  const out = summary.left_out;
  if (out.servers === 0) {
    return html`<p class="left-out" id="headline-left-out">No server was left out of these sums: none was flagged on ${summary.day} as an outlier, an inflated count or more monthly active users than users.</p>`;
  }
  const flagged = anomalies.filter((a) => (SUMMARY_KINDS as readonly string[]).includes(a.kind));
  return html`<div class="left-out" id="headline-left-out">
<p><strong>Left out of these sums: <span data-n="${out.servers}">${out.servers}</span> ${out.servers === 1 ? 'server' : 'servers'}</strong>
flagged as anomalies, and what they reported: ${figuresLeftOut(out)}. They were reached and count among the servers; those figures
are not believable as counts of their own users. The raw sums, with them: <code>GET /api/v1/summary?anomalies=include</code>.</p>
<ul>${out.by_kind.filter((k) => k.servers > 0).map(
    (k) => html`<li data-kind="${k.kind}"><code>${k.kind}</code>: <span data-n="${k.servers}">${k.servers}</span> ${k.servers === 1 ? 'server' : 'servers'} (${figuresLeftOut(k)} left out): the server ${LEFT_OUT_WHY[k.kind]}.</li>`,
  )}</ul>
${flagged.length > 0
    ? html`<p>Flagged: ${flagged.slice(0, NAMED).map((a, i) => html`${i > 0 ? '; ' : ''}<span class="domain">${a.domain}</span>${a.detail ? ` (${a.detail})` : ''}`)}${flagged.length > NAMED ? html`; and ${flagged.length - NAMED} more` : ''}.
<a href="${root}methodology.html#anomalies-flagged">Every anomaly of the day</a>.</p>`
    : ''}
</div>`;
}
