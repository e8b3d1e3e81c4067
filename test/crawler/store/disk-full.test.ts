import { describe, expect, it } from 'vitest';
import { asDiskFull, DiskFullError } from '../../../crawler/store/disk-full.ts';

describe('asDiskFull', () => {
  it('names the file DuckDB could not write', () => {
    const err = asDiskFull(new Error('TransactionContext Error: Failed to commit: Could not write file "/srv/census.duckdb.wal": No space left on device'));
    expect(err).toBeInstanceOf(DiskFullError);
    expect((err as Error).message).toMatch(/^disk full \(ENOSPC\) writing \/srv\/census\.duckdb\.wal: free some space and run again/);
  });

  it('names the path of a Node ENOSPC error, or the fallback when none is given', () => {
    const node = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/srv/published/v1/users.csv' });
    expect((asDiskFull(node, '/srv/published') as Error).message).toContain('writing /srv/published/v1/users.csv');
    const bare = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect((asDiskFull(bare, '/srv/site') as Error).message).toContain('writing /srv/site');
  });

  it('leaves every other error as it was', () => {
    const other = new Error('Constraint Error: duplicate key');
    expect(asDiskFull(other, '/x')).toBe(other);
    expect(asDiskFull('not an error')).toBe('not an error');
  });
});
