import { describe, expect, it } from 'vitest';
import { dataPageUrl, datasetFileUrl, parsePublicUrl } from '../../../api/publish/public-url.ts';

describe('the site\'s public URL', () => {
  it('is the site root with a trailing slash, or null when unset', () => {
    expect(parsePublicUrl(undefined)).toBeNull();
    expect(parsePublicUrl('  ')).toBeNull();
    expect(parsePublicUrl('https://census.example')).toBe('https://census.example/');
    expect(parsePublicUrl('https://example.org/census')).toBe('https://example.org/census/');
    expect(dataPageUrl('https://example.org/census/')).toBe('https://example.org/census/data.html');
  });

  it('refuses what cannot be a site root', () => {
    for (const bad of ['census.example', 'ftp://census.example/', 'https://census.example/?a=1', 'https://census.example/#x']) {
      expect(() => parsePublicUrl(bad), bad).toThrow();
    }
  });

  it('makes file URLs relative to the site root, or absolute, escaping each path segment', () => {
    expect(datasetFileUrl('v1', 'snapshots/month=2026-11/part-0.parquet')).toBe('data/v1/snapshots/month=2026-11/part-0.parquet');
    expect(datasetFileUrl('v1', 'a b.csv', 'https://census.example/')).toBe('https://census.example/data/v1/a%20b.csv');
  });
});
