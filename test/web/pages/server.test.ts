import { describe, expect, it } from 'vitest';
import type { ServerRecord } from '../../../api/metrics/index.ts';
import { serverPage } from '../../../web/pages/server.ts';

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
