// FEDICENSUS_PUBLIC_URL, read once per command that writes metadata naming the site (publish, build-site,
// nightly): a malformed value is a usage error naming the variable, not a dataset with a broken URL.
import { parsePublicUrl, PUBLIC_URL_ENV } from '../../api/publish/public-url.ts';
import type { Io } from '../command.ts';
import { UsageError } from '../config.ts';

export function siteUrlFrom(io: Pick<Io, 'env'>): string | null {
  try {
    return parsePublicUrl(io.env[PUBLIC_URL_ENV]);
  } catch (err) {
    const issue = (err as { issues?: { message: string }[] }).issues?.[0]?.message ?? (err as Error).message;
    throw new UsageError(`${PUBLIC_URL_ENV}: ${issue} (got ${JSON.stringify(io.env[PUBLIC_URL_ENV])})`);
  }
}
