// The figure checker's page behaviour: state lives in the URL (?software=&from=&to=), so the permalink is
// simply the address; each change recomputes the figure and the sentence to cite.
import type { CheckFile } from '../model.ts';
import { computeCheck, stateFrom, stateToQuery, type CheckResult, type CheckState } from './check-figure.ts';
import { loadJson } from './figures.ts';
import { formatNumber, formatSigned } from './format.ts';

let last: CheckResult | null = null;
export const lastCheck = (): CheckResult | null => last;

export async function initCheck(): Promise<void> {
  const form = document.getElementById('check') as HTMLFormElement | null;
  if (!form) return;
  const file = await loadJson<CheckFile>(form.dataset.src ?? 'figures/check.json');
  const field = (name: string): HTMLInputElement | HTMLSelectElement => form.elements.namedItem(name) as HTMLInputElement;
  const apply = (state: CheckState): void => {
    field('software').value = state.software;
    field('from').value = state.from;
    field('to').value = state.to;
    render(file, computeCheck(file, state));
  };
  const fromForm = (): CheckState =>
    stateFrom(new URLSearchParams({ software: field('software').value, from: field('from').value, to: field('to').value }), file);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const state = fromForm();
    history.replaceState(null, '', `?${stateToQuery(state)}`);
    apply(state);
  });
  form.addEventListener('change', () => form.requestSubmit());
  document.getElementById('check-copy')?.addEventListener('click', () => {
    const area = document.getElementById('check-cite') as HTMLTextAreaElement;
    area.select();
    navigator.clipboard?.writeText(area.value).catch(() => undefined);
  });
  if (!file.dataAsOf) return;
  apply(stateFrom(new URLSearchParams(location.search), file));
}

function render(file: CheckFile, r: CheckResult): void {
  last = r;
  const scope = r.software === '' ? 'all fediverse servers in the census' : `${r.software} servers`;
  const set = (id: string, value: number | null, text: string): void => {
    const el = document.getElementById(id)!;
    el.dataset.n = value === null ? '' : String(value);
    el.textContent = text;
  };
  set('check-users', r.usersJoined, formatNumber(r.usersJoined));
  set('check-servers', r.serversJoined, formatNumber(r.serversJoined));
  set('check-active', r.active?.change ?? null, r.active ? (r.active.change === null ? 'not reported' : formatSigned(r.active.change)) : 'no crawl on or before the first day of this span');
  const status = document.querySelector('#check-result .status');
  if (status) status.textContent = '';
  document.querySelector<HTMLElement>('#check-result dl.figures')!.hidden = false;
  const weeks = `the weeks starting ${r.fromWeek} to ${r.toWeek} (Mondays, UTC)`;
  document.getElementById('check-span')!.textContent =
    `Scope: ${scope}. Joins are summed over ${weeks}` +
    (r.active ? `; monthly active users compare ${r.active.fromDay} with ${r.active.toDay}, over the servers reporting on both.` : '.');
  document.getElementById('check-coverage')!.replaceChildren(...coverageLines(file, r).map(item));
  const permalink = location.href;
  (document.getElementById('check-permalink') as HTMLAnchorElement).href = permalink;
  (document.getElementById('check-cite') as HTMLTextAreaElement).value = citation(file, r, scope, permalink);
}

function coverageLines(file: CheckFile, r: CheckResult): string[] {
  const lines: string[] = [];
  const d = r.lastDay;
  if (d) {
    lines.push(`Covers the ${formatNumber(d[1])} ${r.software ? `${r.software} ` : ''}servers the census read on ${d[0]}, and every server it read before.`);
    if (r.active) {
      lines.push(
        `Monthly active users: compared over the ${formatNumber(r.active.compared)} servers reporting them on both ${r.active.fromDay} and ${r.active.toDay} ` +
          `(${r.active.fromValue === null ? 'not reported' : formatNumber(r.active.fromValue)} then ${r.active.toValue === null ? 'not reported' : formatNumber(r.active.toValue)}); ${formatNumber(r.active.onlyFrom)} reporting only on ${r.active.fromDay} ` +
          `and ${formatNumber(r.active.onlyTo)} only on ${r.active.toDay} (found, lost or silent in between) are left out, so coverage does not count as change.`,
      );
    }
  }
  const c = r.coverage;
  if (c) {
    lines.push(`Leaves out servers the census could not read: on ${c[0]} it read ${formatNumber(c[3])} of ${formatNumber(c[1])} known servers; ${formatNumber(c[4])} asked not to be counted (robots.txt).`);
  }
  if (r.software) lines.push(`A server counts under the software it ran when last read; servers never read have no known software and are not in any software's figure.`);
  if (file.firstDay && r.from < file.firstDay) lines.push(`Before the first crawl (${file.firstDay}) users joined come only from Mastodon's activity windows (up to 12 weeks back); servers joined from servers' creation dates.`);
  lines.push('Opted-out servers (robots.txt or the exclude list) are in no figure. Counts are what servers report about themselves.');
  return lines;
}

function citation(file: CheckFile, r: CheckResult, scope: string, permalink: string): string {
  const active = r.active
    ? ` Monthly active users changed by ${r.active.change === null ? 'an amount not reported' : formatSigned(r.active.change)} between ${r.active.fromDay} and ${r.active.toDay} on the ${formatNumber(r.active.compared)} servers reporting on both days.`
    : '';
  return (
    `According to fedicensus (data as of ${file.dataAsOf}), ${formatNumber(r.usersJoined)} users and ${formatNumber(r.serversJoined)} servers ` +
    `joined ${scope} in the weeks from ${r.fromWeek} to ${r.toWeek} (UTC).${active} ` +
    `Source: fedicensus, ${permalink} (CC BY 4.0).`
  );
}

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
