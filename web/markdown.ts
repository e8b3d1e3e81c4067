// A small Markdown-to-HTML renderer for docs/methodology.md: headings, paragraphs, lists, tables, block
// quotes, fenced code, inline code, emphasis and links. The docs are ours, but their text is escaped like
// anything else and links are limited to http(s), mailto, relative paths and anchors. Hand-written rather
// than a dependency because the subset is tiny and the build must not grow a runtime-risky parser.
import { escapeHtml } from './html.ts';

export interface RenderedMarkdown {
  readonly html: string;
  /** Headings with their ids, for a table of contents. */
  readonly headings: readonly { readonly level: number; readonly id: string; readonly text: string }[];
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const headings: { level: number; id: string; text: string }[] = [];
  const ids = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^(```|~~~)(.*)$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith(fence[1]!); i++) body.push(lines[i]!);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const text = heading[2]!;
      const id = uniqueId(text, ids);
      headings.push({ level, id, text: stripInline(text) });
      out.push(`<h${level} id="${id}">${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\|.*\|\s*$/.test(line) && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const rows: string[][] = [];
      for (; i < lines.length && /^\|.*\|\s*$/.test(lines[i]!); i++) rows.push(cells(lines[i]!));
      const [head, , ...body] = rows;
      out.push(
        `<div class="scroll"><table><thead><tr>${head!.map((c) => `<th scope="col">${inline(c)}</th>`).join('')}</tr></thead>` +
          `<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`,
      );
      continue;
    }
    const listMatch = /^(\s*)([-*+]|\d+[.)])\s+/.exec(line);
    if (listMatch) {
      const ordered = /\d/.test(listMatch[2]!);
      const start = ordered ? Number.parseInt(listMatch[2]!, 10) : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]!);
        if (item) {
          items.push(item[2]!);
        } else if (/^\s+\S/.test(lines[i]!) && items.length > 0) {
          items[items.length - 1] += ' ' + lines[i]!.trim(); // a continuation line of the item
        } else {
          break;
        }
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}${start !== 1 ? ` start="${start}"` : ''}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('>'); i++) quoted.push(lines[i]!.replace(/^>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n')).html}</blockquote>`);
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i]!.trim() !== '' && !interruptsParagraph(lines[i]!); i++) paragraph.push(lines[i]!.trim());
    if (paragraph.length === 0) paragraph.push(lines[i++]!.trim()); // a line no rule above took
    out.push(`<p>${inline(paragraph.join(' '))}</p>`);
  }
  return { html: out.join('\n'), headings };
}

/**
 * Whether a line ends the paragraph above it. As in CommonMark (5.2, "List items"), a numbered line
 * interrupts a paragraph only when it numbers 1: prose wrapped before "200) or ..." stays one paragraph.
 */
function interruptsParagraph(line: string): boolean {
  return /^(#{1,6}\s|```|~~~|>|\s*([-*+]|1[.)])\s|\|)/.test(line);
}

function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Inline markup over escaped text. Code spans are cut out first so nothing inside them is interpreted. */
export function inline(text: string): string {
  const codes: string[] = [];
  let s = text.replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  s = escapeHtml(s);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
    const url = href.replace(/&amp;/g, '&');
    if (!/^(https?:|mailto:|#|\.{0,2}\/|[\w.-]+(\.html|\.md|\/)?(#[\w-]*)?$)/i.test(url) || /^javascript:/i.test(url)) return whole;
    return `<a href="${escapeHtml(url)}">${label}</a>`;
  });
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
  return s.replace(/\u0000(\d+)\u0000/g, (_, n: string) => codes[Number(n)]!);
}

function stripInline(text: string): string {
  return text.replace(/[`*_]/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
}

function uniqueId(text: string, used: Set<string>): string {
  const base = stripInline(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}
