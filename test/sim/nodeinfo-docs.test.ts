import { describe, expect, test } from 'vitest';
import robotsParserModule from 'robots-parser';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { chosenLink, PARKING_PAGE, robotsText } from '../../sim/nodeinfo-docs.ts';
import { STATUS_OF_FAULT } from '../../sim/truth.ts';

// The ground truth says which hosts' robots.txt forbid NodeInfo or /api/; check that the texts the sim serves
// mean exactly that to the RFC 9309 library the project uses (robots-parser), for our token and a browser.
// robots-parser is CommonJS whose types claim a default export; under NodeNext the import IS the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
const catalogue = generateCatalogue({ seed: 5, aliveCount: 400, deadCount: 0 });
const UA = 'fedicensus/0.1 (+https://fedicensus.sim-projects.org)';

function allowed(text: string | null, host: string, path: string): boolean {
  const robots = robotsParser(`https://${host}/robots.txt`, text ?? '');
  return robots.isAllowed(`https://${host}${path}`, UA) ?? true;
}

describe('robots.txt texts mean what the ground truth assumes', () => {
  test('disallowed hosts forbid /.well-known/nodeinfo; all others allow it and their NodeInfo path', () => {
    for (const h of catalogue.hosts) {
      if (h.fault === 'robots_5xx' || h.fault === 'gone' || h.fault === 'hang') continue; // robots.txt not a 200
      const text = h.fault === 'parking_page' ? PARKING_PAGE : robotsText(h);
      const disallowed = STATUS_OF_FAULT[h.fault] === 'disallowed';
      expect([h.name, h.fault, allowed(text, h.name, '/.well-known/nodeinfo')]).toEqual([h.name, h.fault, !disallowed]);
      if (!disallowed) expect([h.name, allowed(text, h.name, chosenLink(h).path)]).toEqual([h.name, true]);
    }
  });

  test('the software API and peers are forbidden exactly on robots_disallow_api hosts', () => {
    for (const h of catalogue.hosts.filter((x) => x.fault === 'none')) {
      const text = robotsText(h);
      expect([h.name, allowed(text, h.name, '/api/v1/instance/peers')]).toEqual([h.name, !h.quirks.has('robots_disallow_api')]);
    }
  });

  test('the FediCensus group matches our token case-insensitively; another bot group does not', () => {
    const token = catalogue.hosts.find((h) => h.fault === 'robots_disallow_token');
    const other = catalogue.hosts.find((h) => h.quirks.has('robots_disallow_other_bot'));
    if (!token || !other) throw new Error('catalogue lacks robots variants');
    expect(allowed(robotsText(token), token.name, '/')).toBe(false);
    expect(robotsParser('https://x/robots.txt', robotsText(token) ?? '').isAllowed('https://x/', 'Mozilla/5.0')).toBe(true);
    expect(allowed(robotsText(other), other.name, '/.well-known/nodeinfo')).toBe(true);
  });
});
