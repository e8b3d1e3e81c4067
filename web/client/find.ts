// "Find a server": turns what a person types (a name, a URL, a handle, Unicode or not) into the server's
// page, and says so plainly when the census has no page for it. What a server name is comes from
// core/server-name.ts, as for the crawler, the API and the page names.
import { displayServerName, DROP_REASON_TEXT, serverNameFromInput, serverPageName } from '../../core/server-name.ts';
import { siteRoot } from './figures.ts';

export type FindTarget = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/** The server name in "https://Example.Social/about", "@me@social.λ.zone" or "example.social.", or why not. */
export function findTarget(input: string): FindTarget {
  const name = serverNameFromInput(input);
  if (name.ok) return name;
  return { ok: false, message: `That is not a server name: ${DROP_REASON_TEXT[name.reason]} (for example: example.social).` };
}

export function initFind(): void {
  const form = document.querySelector<HTMLFormElement>('form.find-server');
  if (!form) return;
  const status = form.querySelector<HTMLElement>('.status');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.querySelector<HTMLInputElement>('input[name="domain"]');
    const target = findTarget(input?.value ?? '');
    if (!target.ok) {
      if (status) status.textContent = target.message;
      return;
    }
    const name = target.name;
    const url = new URL(`servers/${serverPageName(name)}.html`, siteRoot());
    void fetch(url, { method: 'HEAD' }).then(
      (res) => {
        if (res.ok) location.href = url.href;
        else if (status) status.textContent = `${displayServerName(name)} has no page: the census has not read it (yet), or it opted out.`;
      },
      () => {
        if (status) status.textContent = 'Could not reach this site to look the server up.';
      },
    );
  });
}
