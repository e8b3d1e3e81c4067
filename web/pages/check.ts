// "Check a figure": a journalist picks a software and a span and gets the users joined, servers joined and
// the change in monthly actives over it, what the figure covers and leaves out, a permalink and a sentence
// to cite. The page is a form; app.js sums figures/check.json (the API's rows) in the browser.
import type { SiteData } from '../collect.ts';
import { html, type Html } from '../html.ts';
import type { ChangeFigures, ChangePairRow, CheckFile, DayRow, WeekRow } from '../model.ts';
import { page } from './layout.ts';

export const CHECK_FIGURES = 'figures/check.json';

export function checkFile(data: SiteData): CheckFile {
  const weekly: Record<string, WeekRow[]> = {};
  for (const r of data.weeklyRows) (weekly[r.software] ??= []).push([r.week, r.users_joined ?? 0, r.servers_joined]) // parts and nulls: drawn by the site branch;
  const daily: Record<string, DayRow[]> = { '': dayRows(data.all) };
  for (const s of data.software) daily[s.software] = dayRows(s);
  return {
    dataAsOf: data.dataAsOf,
    firstDay: data.firstDay,
    software: data.software.map((s) => ({ name: s.software, slug: s.slug })),
    weekly,
    daily,
    coverage: data.coverage.map((c) => [c.day, c.known, c.attempted, c.ok, c.disallowed] as const),
    change: changeFigures(data.change),
  };
}

/** activeChangePairs' rows, with days as indexes into `days` to keep the file small. */
function changeFigures(change: SiteData['change']): ChangeFigures {
  const index = new Map(change.days.map((d, i) => [d, i]));
  const pairs: Record<string, ChangePairRow[]> = {};
  for (const p of change.pairs) {
    (pairs[p.software] ??= []).push([index.get(p.from)!, index.get(p.to)!, p.servers_compared, p.users_active_month_from, p.users_active_month_to]);
  }
  const reporting: Record<string, number[]> = {};
  for (const r of change.reporting) (reporting[r.software] ??= change.days.map(() => 0))[index.get(r.day)!] = r.reporting;
  return { days: change.days, pairs, reporting };
}

function dayRows(scope: SiteData['all']): DayRow[] {
  const active = new Map(scope.active.map((p) => [p.day, p]));
  return scope.servers.map((p) => {
    const a = active.get(p.day);
    return [p.day, p.value ?? 0, a?.value ?? 0, a?.reporting ?? 0] as const; // servers: a count, never null
  });
}

/** `extra`: a section after the figure (web/pages/reference-check.ts: the reference series beside it). */
export function checkPage(data: SiteData, extra?: Html): string {
  // Sign-ups before the first crawl are known from activity windows: the form reaches back to their first week.
  const windowsFrom = data.all.usersWeekly[0]?.week;
  const first = windowsFrom && (!data.firstDay || windowsFrom < data.firstDay) ? windowsFrom : (data.firstDay ?? '');
  const last = data.dataAsOf ?? '';
  const body = html`<h1>Check a figure</h1>
<p>Pick a software and a span: the census says how many users and servers joined, and how monthly active users
changed, with what the figure covers and leaves out. The address of this page keeps your choice, so you can link to it.</p>
<form id="check" class="check" data-src="${CHECK_FIGURES}">
<div><label for="check-software">Software</label>
<select id="check-software" name="software"><option value="">All software</option>${[...data.software]
    .sort((a, b) => a.software.localeCompare(b.software))
    .map((s) => html`<option value="${s.software}">${s.software}</option>`)}</select></div>
<div><label for="check-from">From</label><input id="check-from" name="from" type="date" min="${first}" max="${last}" value="${first}" required></div>
<div><label for="check-to">To</label><input id="check-to" name="to" type="date" min="${first}" max="${last}" value="${last}" required></div>
<div><button type="submit">Check</button></div>
</form>
<section id="check-result" aria-live="polite" aria-labelledby="check-heading">
<h2 id="check-heading">The figure</h2>
<p class="status">${data.dataAsOf ? 'Loading…' : 'The census has no data yet.'}</p>
<dl class="figures" hidden>
<div><dt>Users joined</dt><dd id="check-users" data-n=""></dd></div>
<div><dt>Servers joined</dt><dd id="check-servers" data-n=""></dd></div>
<div><dt>Change in monthly active users</dt><dd id="check-active" data-n=""></dd></div>
</dl>
<p id="check-span"></p>
<h3>What it covers and leaves out</h3>
<ul id="check-coverage"></ul>
<h3>Cite it</h3>
<p><label for="check-cite">Ready to copy:</label></p>
<textarea id="check-cite" readonly rows="4"></textarea>
<p><button type="button" id="check-copy">Copy the sentence</button> <a id="check-permalink" href="check.html">Permalink to this figure</a></p>
</section>
${extra ?? ''}
<p>How these are defined: <a href="methodology.html">methodology</a>. Weeks start on Monday (UTC); a span counts the
weeks whose Monday lies between the Mondays of its first and last day.</p>`;
  return page({
    title: 'Check a figure',
    description: 'Check how many users and servers joined the fediverse over a span, with a citable sentence.',
    root: '',
    section: 'check',
    dataAsOf: data.dataAsOf,
    body,
    preload: [CHECK_FIGURES],
  });
}
