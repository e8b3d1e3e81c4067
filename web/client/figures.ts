// Loading figures files (relative to the site root, so the site works from any path) and the root itself.
import type { FiguresFile } from '../model.ts';

/** The way from this page to the site root, from <meta name="fc-root">: '' or '../'. */
export function siteRoot(): URL {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="fc-root"]');
  return new URL(meta?.content ?? '', document.baseURI);
}

const cache = new Map<string, Promise<unknown>>();

/** Fetches a JSON file under the site root once per page, however many charts read it. */
export function loadJson<T>(src: string): Promise<T> {
  const url = new URL(src, siteRoot()).href;
  let held = cache.get(url);
  if (!held) {
    held = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`${src}: HTTP ${res.status}`);
      return res.json();
    });
    cache.set(url, held);
  }
  return held as Promise<T>;
}

export const loadFigures = (src: string): Promise<FiguresFile> => loadJson<FiguresFile>(src);

/** A figures path as the embed page accepts it: under figures/, a .json file, no way out of the site. */
export function isFiguresPath(src: string): boolean {
  return /^figures\/[a-z0-9][\w.~/-]*\.json$/i.test(src) && !src.includes('..') && !src.includes('//');
}
