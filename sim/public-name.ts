// Is a name a valid public DNS host name? Used to vet real datasets before replaying them. Deliberately a
// separate, small check (not core/server-name.ts): the sim's ground truth must not share code
// with the crawler it judges.
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

const SPECIAL_USE = ['localhost', 'local', 'internal', 'onion', 'i2p', 'arpa', 'test', 'invalid', 'example', 'alt'];
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** null when `name` is a valid public host name in canonical form; otherwise why not. */
export function publicNameProblem(name: string): string | null {
  if (name !== name.trim().toLowerCase()) return 'not in canonical form (case or spaces)';
  const ascii = domainToASCII(name);
  if (ascii === '') return 'not a valid IDNA name';
  if (ascii !== name) return `Unicode name; canonical form is ${ascii}`;
  if (ascii.length > 253) return 'longer than 253 characters';
  const labels = ascii.split('.');
  if (labels.length < 2) return 'no dot';
  if (labels.some((l) => !LABEL.test(l))) return 'a label is not a valid host label';
  if (SPECIAL_USE.includes(labels[labels.length - 1] as string)) return 'special-use TLD';
  const parsed = parse(ascii);
  if (parsed.isIp) return 'IP literal';
  if (!parsed.isIcann || !parsed.domain) return 'no ICANN public suffix';
  return null;
}
