// The page shell shared by every page: head, navigation, footer. Every link and asset URL is relative to
// the page (`root` is '' for top-level pages and '../' one level down), so the site works from any path on
// any static host as well as from `fedicensus serve`.
import { html, raw, type Html } from '../html.ts';

export interface PageOptions {
  readonly title: string;
  /** One sentence for search engines and link previews. */
  readonly description: string;
  /** '' or '../': the way from this page to the site root. */
  readonly root: string;
  /** Which navigation entry is the current page. */
  readonly section: 'overview' | 'software' | 'server' | 'check' | 'methodology' | 'data' | 'none';
  readonly dataAsOf: string | null;
  readonly body: Html;
  /** Figures files the page's charts read: fetched alongside app.js rather than after it has run. */
  readonly preload?: readonly string[];
  /** Structured data for search engines (schema.org JSON-LD), already made safe by jsonLdScriptText. */
  readonly jsonLd?: string;
}

const NAV: readonly { readonly section: PageOptions['section']; readonly href: string; readonly label: string }[] = [
  { section: 'overview', href: 'index.html', label: 'Overview' },
  { section: 'software', href: 'software/index.html', label: 'Software' },
  { section: 'check', href: 'check.html', label: 'Check a figure' },
  { section: 'methodology', href: 'methodology.html', label: 'Methodology' },
  { section: 'data', href: 'data.html', label: 'Data' },
];

export function page(options: PageOptions): string {
  const { root } = options;
  const doc = html`<!doctype html>
<html lang="en">
<head>
${head(root, `${options.title} · fedicensus`, html`<meta name="description" content="${options.description}">\n`)}
${(options.preload ?? []).map((src) => html`<link rel="preload" href="${root}${src}" as="fetch" crossorigin="anonymous">\n`)}${options.jsonLd ? html`<script type="application/ld+json">${raw(options.jsonLd)}</script>\n` : ''}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="${root}index.html">fedicensus</a>
<nav aria-label="Site">
<ul>${NAV.map(
    (n) =>
      html`<li><a href="${root}${n.href}"${n.section === options.section ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  )}</ul>
</nav>
</header>
<main id="main">
${options.body}
</main>
<footer class="site">
<p>${options.dataAsOf ? html`Data as of <time datetime="${options.dataAsOf}">${options.dataAsOf}</time> (UTC). ` : ''}Figures: <a href="${root}methodology.html">how they are made</a>. Data licensed <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>: <a href="${root}data.html">download and cite</a>.</p>
</footer>
</body>
</html>
`;
  return doc.text;
}

/** The chart-only page embedded by iframes: no navigation, the chart fills the frame. Light unless the
 * snippet asks for ?theme=dark (app.js applies it): a host article decides, not its reader's setting. */
export function embedPage(): string {
  return html`<!doctype html>
<html lang="en" data-theme="light">
<head>
${head('', 'fedicensus chart', html`<meta name="robots" content="noindex">\n`)}
</head>
<body class="embed">
<main id="embed" data-page="embed"><p class="status">Loading chart…</p></main>
</body>
</html>
`.text;
}

/** A page that sends the reader on to `target` (a relative URL): for old or conventional addresses. */
export function redirectPage(target: string): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=${target}">
<link rel="canonical" href="${target}">
<meta name="robots" content="noindex">
<title>fedicensus: moved</title>
</head>
<body>
<p>This page is at <a href="${target}">${target}</a>.</p>
</body>
</html>
`.text;
}

/** What every page's head holds, the embed page's too: encoding, viewport, colour schemes, the way to the
 * site root, the title, and the one stylesheet and script. `meta` adds the page's own meta tags. */
function head(root: string, title: string, meta: Html): Html {
  return html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${meta}<meta name="fc-root" content="${root}">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}style.css">
<script type="module" src="${root}app.js"></script>`;
}
