import { describe, expect, it } from 'vitest';
import { serverNameOf } from '../../../web/client/find.ts';

describe('serverNameOf', () => {
  it('finds the server name in what a person pastes', () => {
    expect(serverNameOf(' https://Example.Social/about ')).toBe('example.social');
    expect(serverNameOf('@someone@example.social')).toBe('example.social');
    expect(serverNameOf('someone@example.social')).toBe('example.social');
    expect(serverNameOf('example.social.')).toBe('example.social');
    expect(serverNameOf('example.social:443/path?q')).toBe('example.social');
  });
});
