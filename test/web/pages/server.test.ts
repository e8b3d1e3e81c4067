// A server page: its name as people read it (U-labels, A-labels beside), and what its creation time is: a day
// the server existed by, read from a named field.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ServerRecord } from '../../../api/metrics/index.ts';
import { createdText, serverPage } from '../../../web/pages/server.ts';
import { renderMarkdown } from '../../../web/markdown.ts';

const record = (domain: string): ServerRecord => ({
  domain,
  first_seen: '2024-01-03',
  first_seen_ok: '2024-01-03',
  last_seen_ok: '2024-01-17',
  last_attempt: '2024-01-17',
  status: 'ok',
  software: 'mastodon',
  version: '4.2.0',
  created_at: null,
  created_at_source: null,
  history: [],
  activity: [],
});

describe('serverPage', () => {
  it('shows an internationalised name in its own script, with its A-labels beside it', () => {
    const html = serverPage(record('social.xn--wxa.zone'), 'social.xn--wxa.zone', [], '2024-01-17');
    expect(html).toContain('<h1>social.λ.zone</h1>');
    expect(html).toContain('<code>social.xn--wxa.zone</code>');
    expect(html).toContain('href="https://social.xn--wxa.zone/"');
    expect(html).toMatch(/<title>[^<]*social\.λ\.zone/);
  });

  it('shows an ASCII name once', () => {
    const html = serverPage(record('mastodon.social'), 'mastodon.social', [], '2024-01-17');
    expect(html).toContain('<h1>mastodon.social</h1>');
    expect(html).not.toContain('class="a-labels"');
  });
});

describe('createdText', () => {
  it('gives the day as a bound and says where it was read', () => {
    expect(createdText({ created_at: '2021-02-08T16:03:27.871Z', created_at_source: 'peertube_root_account' }))
      .toBe('2021-02-08 or earlier (when its PeerTube root account was created)');
    expect(createdText({ created_at: '2016-11-23T00:00:00.000Z', created_at_source: 'mastodon_contact_account' }))
      .toBe('2016-11-23 or earlier (when its contact account was created)');
  });

  it('says only the day for a census from before the source was recorded, and "not exposed" without one', () => {
    expect(createdText({ created_at: '2019-04-20T18:53:54.608Z', created_at_source: null })).toBe('2019-04-20 or earlier');
    expect(createdText({ created_at: null, created_at_source: null })).toBe('not exposed');
  });

  it('links to a section the methodology page has', async () => {
    const methodology = await readFile(new URL('../../../docs/methodology.md', import.meta.url), 'utf8');
    expect(renderMarkdown(methodology).html).toContain('id="creation-times"');
  });
});
