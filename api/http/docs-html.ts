// A server-rendered HTML reference generated from the OpenAPI document: no script, no font, nothing from
// another host, so /api/docs works offline and on locked-down networks. It also explains each problem type,
// since every problem's `type` points here (api/http/errors.ts).
import { problemTypes } from './openapi.ts';

interface Parameter {
  readonly name?: string;
  readonly in?: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: Schema;
}

interface Schema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly example?: unknown;
  readonly description?: string;
  readonly $ref?: string;
}

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly Parameter[];
  readonly responses?: Readonly<Record<string, { readonly description?: string; readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> }>>;
}

export interface OpenApiDocument {
  readonly info?: { readonly title?: string; readonly version?: string; readonly description?: string };
  readonly paths?: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

function esc(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function paragraphs(text: string | undefined): string {
  if (!text) return '';
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('');
}

function schemaSummary(schema: Schema | undefined): string {
  if (!schema) return '';
  const parts: string[] = [];
  if (schema.$ref) parts.push(schema.$ref.replace('#/components/schemas/', ''));
  if (schema.type) parts.push(Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type));
  if (schema.enum) parts.push(`one of ${schema.enum.map((v) => String(v)).join(', ')}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ''}..${schema.maximum ?? ''}`);
  if (schema.example !== undefined) parts.push(`e.g. ${String(schema.example)}`);
  return esc(parts.join('; '));
}

function operationHtml(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td>` +
        `<td>${schemaSummary(p.schema)}</td><td>${esc(p.description ?? p.schema?.description ?? '')}</td></tr>`,
    )
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const types = Object.entries(r.content ?? {})
        .map(([type, media]) => `<code>${esc(type)}</code> ${schemaSummary(media.schema)}`)
        .join(', ');
      return `<li><strong>${esc(status)}</strong> ${esc(r.description)}${types ? ` — ${types}` : ''}</li>`;
    })
    .join('');
  return `<section id="${esc(id)}"><h2><code>${esc(method.toUpperCase())} ${esc(path)}</code></h2>
<p><strong>${esc(op.summary)}</strong>${op.operationId ? ` <small>(operationId <code>${esc(op.operationId)}</code>)</small>` : ''}</p>${paragraphs(op.description)}
${params ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr></thead><tbody>${params}</tbody></table>` : ''}
<ul>${responses}</ul></section>`;
}

export function renderReference(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, op })),
  );
  const toc = operations
    .map(({ method, path, op }) => `<li><a href="#${esc(`${method}-${path}`.replace(/[^a-z0-9]+/gi, '-'))}"><code>${esc(method.toUpperCase())} ${esc(path)}</code></a> ${esc(op.summary)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info?.title)} — API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ddd;margin-top:2rem}code{font-size:.95em}</style></head>
<body><h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)}</small></h1>${paragraphs(doc.info?.description)}
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1); an index of the endpoints:
<a href="/api/v1/">/api/v1/</a>.</p>
<ul>${toc}</ul>
${operations.map(({ method, path, op }) => operationHtml(method, path, op)).join('\n')}
${problemsHtml()}
</body></html>`;
}

function problemsHtml(): string {
  const items = problemTypes()
    .map((p) => `<li id="${esc(p.anchor)}"><code>${esc(p.uri)}</code> <strong>${esc(p.status)}</strong> ${esc(p.title)}</li>`)
    .join('');
  return `<section id="problems"><h2>Problems</h2>
<p>Every error is an RFC 9457 problem document (<code>application/problem+json</code>) with <code>type</code>,
<code>title</code>, <code>status</code>, <code>detail</code> (a sentence saying what to change) and <code>instance</code>
(the request); a bad parameter adds <code>errors</code>, one <code>{ parameter, in, detail }</code> per bad parameter.</p>
<ul>${items}</ul></section>`;
}
