import type { Command } from '../command.ts';
import { parseSettings, serveSchema } from '../config.ts';
import { DEFAULT_DB } from './crawl.ts';

export const serveCommand: Command = {
  summary: 'serve the API, the published datasets and the site on one port',
  usage: `Usage: fedicensus serve [--db PATH] [--port 8787] [--host 127.0.0.1]

  --db PATH          census database (default ${DEFAULT_DB}); the API reads the latest snapshot published
                     beside it (published/current.json), so it keeps answering while a crawl writes
  --port N           port to listen on (default 8787; 0 picks a free one)
  --host ADDR        address to listen on (default 127.0.0.1)
  --publish-dir DIR  where published snapshots live (default: published/ beside --db)
  --site-dir DIR     static site to serve at / (default web/dist, when built)
  --answer-cache-mb N  memory for kept answers, in MiB (default 16; 0 keeps none): the API's memory bound`,
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'publish-dir': { type: 'string' },
    'site-dir': { type: 'string' },
    'answer-cache-mb': { type: 'string' },
  },
  async run(values, io) {
    const settings = parseSettings(serveSchema, {
      db: values.db ?? DEFAULT_DB,
      port: values.port ?? 8787,
      host: values.host ?? '127.0.0.1',
      publishDir: values['publish-dir'],
      siteDir: values['site-dir'],
      answerCacheMb: values['answer-cache-mb'],
    });
    const { startServer } = await import('../../api/serve.ts');
    const server = await startServer({ ...settings, dbPath: settings.db });
    io.stdout.write(`fedicensus API listening on ${server.url}\n`);
    // Runs until SIGTERM/SIGINT; startServer shuts down gracefully on either.
    await server.closed;
    return 0;
  },
};
