// "Check a figure": a journalist picks a software and a span and gets the users joined, servers joined, the
// net change in reported users and in monthly actives over it, the weeks summed, what the figure covers and
// leaves out, a permalink and a sentence to cite. The page is a form; app.js sums figures/check.json (the
// API's rows) in the browser. The build writes the latest figures into the page, so it reads without script.
import type { ChangeData, SiteData } from '../collect.ts';
import { computeCheck, dataSpan, defaultState, stateToQuery } from '../client/check-figure.ts';
import { checkView, scopeName } from '../client/check-words.ts';
import { html, type Html } from '../html.ts';
import { SUMMARY_KINDS } from '../../api/metrics/index.ts';
import type { ChangeFigures, ChangePairRow, CheckFile, DayRow, LeftOutFile, ServerJoinsFile, WeekRow } from '../model.ts';
import { LEFT_OUT_WHY } from './left-out.ts';
import { page } from './layout.ts';

export const CHECK_FIGURES = 'figures/check.json';

export function checkFile(data: SiteData): CheckFile {
  const weekly: Record<string, WeekRow[]> = {};
  for (const r of data.weeklyRows) {
    (weekly[r.software] ??= []).push([r.week, r.users_registered, r.users_growth, r.servers_created, r.servers_first_reached]);
  }
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
    usersChange: changeFigures(data.usersChange),
    leftOut: leftOutFile(data),
    servers: serverJoinsFile(data.serverJoins),
  };
}

/** Every (server, week) row while there are at most this many; beyond, the largest per software and week. */
export const SERVER_ROWS_ALL = 100_000;
export const SERVERS_KEPT_PER_WEEK = 50;

/** weeklyJoinsByServer's rows (by week, software, largest first), domains as indexes to keep the file small. */
function serverJoinsFile(rows: SiteData['serverJoins']): ServerJoinsFile {
  const keptPerWeek = rows.length > SERVER_ROWS_ALL ? SERVERS_KEPT_PER_WEEK : null;
  const index = new Map<string, number>();
  const out: Record<string, [string, number, number][]> = {};
  let group = '';
  let inGroup = 0;
  for (const r of rows) {
    const key = `${r.software}\u0000${r.week}`;
    inGroup = key === group ? inGroup + 1 : 1;
    group = key;
    if (keptPerWeek !== null && inGroup > keptPerWeek) continue;
    let i = index.get(r.domain);
    if (i === undefined) index.set(r.domain, (i = index.size));
    (out[r.software] ??= []).push([r.week, i, r.users_joined]);
  }
  return { domains: [...index.keys()], rows: out, keptPerWeek };
}

function leftOutFile(data: SiteData): LeftOutFile | null {
  const s = data.summary;
  if (!s) return null;
  const leftOutKinds = new Set<string>(SUMMARY_KINDS);
  return {
    day: s.day,
    servers: s.left_out.servers,
    usersTotal: s.left_out.users_total,
    usersActiveMonth: s.left_out.users_active_month,
    byKind: s.left_out.by_kind.filter((k) => k.servers > 0).map((k) => [k.kind, k.servers, k.users_total, LEFT_OUT_WHY[k.kind]] as const),
    flagged: data.anomalies.filter((a) => leftOutKinds.has(a.kind)).map((a) => [a.domain, a.kind, a.detail] as const),
  };
}

/** changePairs' rows, with days as indexes into `days` to keep the file small. */
function changeFigures(change: ChangeData): ChangeFigures {
  const index = new Map(change.days.map((d, i) => [d, i]));
  const pairs: Record<string, ChangePairRow[]> = {};
  for (const p of change.pairs) {
    (pairs[p.software] ??= []).push([index.get(p.from)!, index.get(p.to)!, p.servers_compared, p.sum_from, p.sum_to]);
  }
  const reporting: Record<string, number[]> = {};
  for (const r of change.reporting) (reporting[r.software] ??= change.days.map(() => 0))[index.get(r.day)!] = r.reporting;
  return { days: change.days, pairs, reporting };
}

function dayRows(scope: SiteData['all']): DayRow[] {
  return scope.servers.map((p) => [p.day, p.value ?? 0] as const); // servers: a count, never null
}

/** `extra`: a section after the figure (web/pages/reference-check.ts: the reference series beside it). */
export function checkPage(data: SiteData, extra?: Html): string {
  const file = checkFile(data);
  const span = dataSpan(file);
  const state = defaultState(file);
  const view = span ? checkView(file, computeCheck(file, state), `check.html?${stateToQuery(state)}`) : null;
  const figure = (id: string): Html => {
    const f = view?.figures.find((x) => x.id === id);
    return html`<dd id="${id}" data-n="${f?.value ?? ''}">${f?.text ?? ''}</dd>`;
  };
  const body = html`<h1>Check a figure</h1>
<p>Pick a software and a span: the census says how many users and servers joined, how reported users and monthly
active users changed, which weeks it summed, and what the figure covers and leaves out. The address of this page keeps
your choice, so you can link to it.</p>
<form id="check" class="check" data-src="${CHECK_FIGURES}">
<div><label for="check-software">Software</label>
<select id="check-software" name="software"><option value="">All software</option>${[...data.software]
    .sort((a, b) => a.software.localeCompare(b.software))
    .map((s) => html`<option value="${s.software}">${s.software}</option>`)}</select></div>
<div><label for="check-from">From</label><input id="check-from" name="from" type="date" min="${span?.first ?? ''}" max="${span?.last ?? ''}" value="${state.from}" required></div>
<div><label for="check-to">To</label><input id="check-to" name="to" type="date" min="${span?.first ?? ''}" max="${span?.last ?? ''}" value="${state.to}" required></div>
<div><button type="submit">Check</button></div>
</form>
<section id="check-result" aria-live="polite" aria-labelledby="check-heading">
<h2 id="check-heading">The figure</h2>
<p class="status" id="check-status">${view
    ? `Without JavaScript this page shows only the latest figures: ${scopeName(state.software)}, from ${state.from} to ${state.to}, whatever its address asks for. Turn JavaScript on to choose a software or a span, or read the same figures in the data downloads and the API.`
    : 'The census has no data yet.'}</p>
<div id="check-problems" class="problems" role="alert" hidden>
<p>This link asks for something the census cannot answer, so no figure is shown:</p>
<ul></ul>
<p>Change the choice above, or <a href="check.html">start from the latest figures</a>.</p>
</div>
<div id="check-answer"${view ? '' : html` hidden`}>
<dl class="figures">
<div><dt>Users joined</dt>${figure('check-users')}</div>
<div><dt>of which sign-ups reported by servers</dt>${figure('check-users-registered')}</div>
<div><dt>of which growth of reported users</dt>${figure('check-users-growth')}</div>
<div><dt>Net change in reported users</dt>${figure('check-users-change')}</div>
<div><dt>Servers joined (created, creation time known)</dt>${figure('check-servers')}</div>
<div><dt>Servers first reached (discovery)</dt>${figure('check-servers-reached')}</div>
<div><dt>Change in monthly active users</dt>${figure('check-active')}</div>
</dl>
<p id="check-why">${view?.why ?? ''}</p>
<p id="check-span">${view?.span ?? ''}</p>
<ol id="check-weeks" class="weeks">${(view?.weeks ?? []).map((w) => html`<li data-week="${w.week}"${w.partial ? html` class="partial"` : ''}>${w.text}</li>`)}</ol>
<h3>The servers behind it</h3>
<p id="check-top-intro">${view?.topIntro ?? ''}</p>
<ol id="check-top">${(view?.top ?? []).map((t) => html`<li data-domain="${t.domain}" data-users="${t.users}">${t.text}</li>`)}</ol>
<h3>What it covers and leaves out</h3>
<ul id="check-coverage">${(view?.coverage ?? []).map((line) => html`<li>${line}</li>`)}</ul>
<h3>Anomalies left out</h3>
<ul id="check-left-out">${(view?.leftOut ?? []).map((line) => html`<li>${line}</li>`)}</ul>
<h3>Cite it</h3>
<p><label for="check-cite">Ready to copy:</label></p>
<textarea id="check-cite" readonly rows="4">${view?.citation ?? ''}</textarea>
<p><button type="button" id="check-copy">Copy the sentence</button> <span id="check-copied" role="status"></span>
<a id="check-permalink" href="check.html?${stateToQuery(state)}">Permalink to this figure</a></p>
</div>
</section>
${extra ?? ''}
<p>How these are defined: <a href="methodology.html">methodology</a>. Weeks start on Monday (UTC); a span counts every
week with a day in it, that is the weeks whose Monday lies between the Mondays of its first and last day.</p>`;
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
