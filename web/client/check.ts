// The figure checker's page behaviour: state lives in the URL (?software=&from=&to=), so the permalink is the
// canonical address of the figure; each change recomputes the figure and the sentence to cite. A link the
// census cannot answer is rejected visibly, never replaced by a default.
import type { CheckFile } from '../model.ts';
import { computeCheck, parseLink, stateToQuery, type CheckResult, type CheckState } from './check-figure.ts';
import { checkView, problemLines, type CheckView } from './check-words.ts';
import { loadJson } from './figures.ts';

let last: CheckResult | null = null;
export const lastCheck = (): CheckResult | null => last;

export async function initCheck(): Promise<void> {
  const form = document.getElementById('check') as HTMLFormElement | null;
  if (!form) return;
  const file = await loadJson<CheckFile>(form.dataset.src ?? 'figures/check.json');
  const field = (name: string): HTMLInputElement | HTMLSelectElement => form.elements.namedItem(name) as HTMLInputElement;
  const show = (params: URLSearchParams): void => {
    const parsed = parseLink(params, file);
    const state = parsed.ok ? parsed.state : parsed.fallback;
    field('software').value = state.software;
    field('from').value = state.from;
    field('to').value = state.to;
    if (!parsed.ok) {
      last = null;
      reject(problemLines(parsed.problems));
      return;
    }
    // The address becomes the canonical link (software as the census spells it), the one the sentence cites.
    history.replaceState(null, '', `?${stateToQuery(state)}`);
    render(file, computeCheck(file, state), state);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const asked = new URLSearchParams({ software: field('software').value, from: field('from').value, to: field('to').value });
    history.replaceState(null, '', `?${asked.toString()}`);
    show(asked);
  });
  form.addEventListener('change', () => form.requestSubmit());
  document.getElementById('check-copy')?.addEventListener('click', () => void copySentence());
  setStatus('');
  if (!file.dataAsOf) return;
  show(new URLSearchParams(location.search));
}

function setStatus(text: string): void {
  const status = document.getElementById('check-status');
  if (status) status.textContent = text;
}

function reject(lines: readonly string[]): void {
  const box = document.getElementById('check-problems')!;
  box.querySelector('ul')!.replaceChildren(...lines.map(item));
  box.hidden = false;
  document.getElementById('check-answer')!.hidden = true;
  (document.getElementById('check-cite') as HTMLTextAreaElement).value = '';
}

function render(file: CheckFile, r: CheckResult, state: CheckState): void {
  last = r;
  document.getElementById('check-problems')!.hidden = true;
  document.getElementById('check-answer')!.hidden = false;
  const permalink = new URL(`?${stateToQuery(state)}`, location.href).href;
  const view: CheckView = checkView(file, r, permalink);
  for (const f of view.figures) {
    const el = document.getElementById(f.id)!;
    el.dataset.n = f.value === null ? '' : String(f.value);
    el.textContent = f.text;
  }
  document.getElementById('check-why')!.textContent = view.why;
  document.getElementById('check-span')!.textContent = view.span;
  document.getElementById('check-weeks')!.replaceChildren(
    ...view.weeks.map((w) => {
      const li = item(w.text);
      li.dataset.week = w.week;
      if (w.partial) li.className = 'partial';
      return li;
    }),
  );
  document.getElementById('check-coverage')!.replaceChildren(...view.coverage.map(item));
  document.getElementById('check-left-out')!.replaceChildren(...view.leftOut.map(item));
  document.getElementById('check-top-intro')!.textContent = view.topIntro;
  document.getElementById('check-top')!.replaceChildren(
    ...view.top.map((t) => {
      const li = item(t.text);
      li.dataset.domain = t.domain;
      li.dataset.users = String(t.users);
      return li;
    }),
  );
  (document.getElementById('check-permalink') as HTMLAnchorElement).href = permalink;
  (document.getElementById('check-cite') as HTMLTextAreaElement).value = view.citation;
  document.getElementById('check-copied')!.textContent = '';
}

/** Copies the sentence and says so; where the clipboard is out of reach, leaves it selected and says how. */
async function copySentence(): Promise<void> {
  const area = document.getElementById('check-cite') as HTMLTextAreaElement;
  const said = document.getElementById('check-copied')!;
  area.select();
  let copied = false;
  try {
    await navigator.clipboard.writeText(area.value);
    copied = true;
  } catch {
    copied = document.execCommand('copy'); // pages served over plain http have no navigator.clipboard
  }
  said.textContent = copied ? 'Copied: paste it where you cite the figure.' : 'Could not copy: the sentence is selected, press Ctrl+C (⌘C on a Mac).';
}

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
