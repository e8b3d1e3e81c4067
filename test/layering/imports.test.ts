// The layering, enforced by reading every import of the product code (static, re-export and dynamic):
// - core/ holds shared leaves (server names, the census schema, CSV, date-times) and imports nothing of ours;
// - web/ shows what the API's query functions return: it never imports api/http/ (the HTTP layer) nor crawler/;
// - api/ only reads the census: it never imports crawler/;
// - product code and scripts never import test/;
// - no import cycle anywhere (a module that needs a sibling's types gets them from a leaf both import).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRODUCT = ['core', 'crawler', 'api', 'web', 'scripts', 'sim', 'bench'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...filesUnder(rel));
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

/** Repo-relative paths of the modules of ours that `file` imports. */
export function importsOf(file: string, source: string): string[] {
  const out: string[] = [];
  // Comments may quote imports (`import x from '...'` in a doc comment): leave them out.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3]!;
    if (!spec.startsWith('.')) continue;
    out.push(path.normalize(path.join(path.dirname(file), spec)));
  }
  return out;
}

const graph = new Map<string, string[]>();
for (const dir of [...PRODUCT, 'test']) {
  for (const file of filesUnder(dir)) graph.set(file, importsOf(file, readFileSync(path.join(ROOT, file), 'utf8')));
}

const top = (file: string) => file.split(path.sep)[0]!;
const under = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

function violations(rule: (from: string, to: string) => boolean): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) for (const to of targets) if (rule(from, to)) out.push(`${from} -> ${to}`);
  return out;
}

describe('layering', () => {
  it('reads imports, including type-only, re-exports and dynamic ones', () => {
    expect(importsOf('a/b.ts', "import type { X } from '../c/d.ts';\nexport { y } from './e.ts';\nconst m = await import('../f.ts');\n// import z from './no.ts'"))
      .toEqual([path.join('c', 'd.ts'), path.join('a', 'e.ts'), 'f.ts']);
    expect(graph.get(path.join('api', 'app.ts'))?.length).toBeGreaterThan(5);
  });

  it('core/ imports nothing of ours outside core/', () => {
    expect(violations((from, to) => under(from, 'core') && !under(to, 'core'))).toEqual([]);
  });

  it('web/ never imports api/http/ nor crawler/', () => {
    expect(violations((from, to) => under(from, 'web') && (under(to, path.join('api', 'http')) || under(to, 'crawler')))).toEqual([]);
  });

  it('api/ never imports crawler/', () => {
    expect(violations((from, to) => under(from, 'api') && under(to, 'crawler'))).toEqual([]);
  });

  it('nothing outside test/ imports test/', () => {
    expect(violations((from, to) => top(from) !== 'test' && under(to, 'test'))).toEqual([]);
  });

  it('has no import cycle in the product code', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!graph.has(next) || top(next) === 'test') continue;
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (top(file) !== 'test' && !state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
