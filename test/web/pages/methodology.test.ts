// The methodology page lists the anomalies flagged on the latest day, as the API's anomaliesOn gives them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSite } from '../../../web/collect.ts';
import { methodologyPage } from '../../../web/pages/methodology.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from '../../api/metrics/memory-census.ts';

const D = ['2024-03-06', '2024-03-13'] as const;

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'steady.example', software: 'mastodon', users: series(D, [1000, 1010]) },
      { domain: 'jump.example', software: 'pleroma', users: series(D, [5000, 50_000]) },
      { domain: 'blog.example', software: 'wordpress', version: '<b>6.4</b>', users: series(D, [10, 11]) },
    ]),
  );
});
afterAll(() => census.close());

describe('methodologyPage', () => {
  it('lists the latest day’s anomalies with counts per kind, escaped', async () => {
    const page = methodologyPage(await collectSite(census.db), '# Methodology\n\n## Anomalies\n\nText.\n');
    expect(page).toContain(`<h2 id="anomalies-flagged">Anomalies flagged on <time datetime="${D[1]}">${D[1]}</time></h2>`);
    expect(page).toContain('<code>jump</code>: <span data-n="1">1</span>');
    expect(page).toContain('<code>erratic</code>: <span data-n="0">0</span>');
    expect(page).toContain(`<tr><td>jump.example</td><td><code>jump</code></td><td>users_total 5000 -&gt; 50000 since ${D[0]}</td></tr>`);
    expect(page).toContain('<tr><td>blog.example</td><td><code>known_inflation</code></td><td>wordpress &lt;b&gt;6.4&lt;/b&gt;</td></tr>');
    expect(page).not.toContain('<td>steady.example</td>');
  });
});
