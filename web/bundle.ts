// The site's one script, bundled by esbuild from web/client/. Chart.js is imported piece by piece there
// (and registered by hand), so the bundle holds only the controllers, elements and scales the site draws.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));

export async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    write: false,
    legalComments: 'eof', // Chart.js is MIT: keep its licence notice with the code
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the site script');
  return file.text;
}
