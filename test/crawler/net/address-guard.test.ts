import { describe, expect, it } from 'vitest';
import { refusalReason } from '../../../crawler/net/address-guard.ts';

describe('refusalReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['224.0.0.251', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['64:ff9b::a00:1', 'NAT64 private'],
    ['2002:a00:1::1', '6to4'],
    ['[::1]', 'loopback'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(refusalReason(address)).toBe(reason);
    expect(refusalReason(address)).not.toBeNull(); // not public
  });

  it.each(['93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', '::ffff:93.184.215.14', '64:ff9b::5db8:d70e'])(
    'allows public unicast %s',
    (address) => {
      expect(refusalReason(address)).toBeNull();
    },
  );
});
