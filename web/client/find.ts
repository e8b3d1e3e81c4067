// "Find a server": turns what a person types (a name, a URL, a handle) into the server's page, and says
// so plainly when the census has no page for it.
import { siteRoot } from './figures.ts';

/** The server name in "https://Example.Social/about", "@me@example.social" or "example.social." */
export function serverNameOf(input: string): string {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  s = s.replace(/^@?[^@/]*@/, '');
  return s.replace(/[/?#:].*$/, '').replace(/\.$/, '');
}

export function initFind(): void {
  const form = document.querySelector<HTMLFormElement>('form.find-server');
  if (!form) return;
  const status = form.querySelector<HTMLElement>('.status');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.querySelector<HTMLInputElement>('input[name="domain"]');
    const name = serverNameOf(input?.value ?? '');
    if (!/^[a-z0-9][a-z0-9.-]*\.[a-z0-9-]+$/.test(name)) {
      if (status) status.textContent = 'That does not look like a server name (for example: example.social).';
      return;
    }
    const url = new URL(`servers/${name}.html`, siteRoot());
    void fetch(url, { method: 'HEAD' }).then(
      (res) => {
        if (res.ok) location.href = url.href;
        else if (status) status.textContent = `${name} has no page: the census has not read it (yet), or it opted out.`;
      },
      () => {
        if (status) status.textContent = 'Could not reach this site to look the server up.';
      },
    );
  });
}
