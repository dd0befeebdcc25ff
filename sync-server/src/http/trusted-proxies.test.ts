import { describe, expect, it } from 'vitest';
import { addressMatcher, isAddressOrRange } from './trusted-proxies.ts';

describe('TRUSTED_PROXIES entries', () => {
  it('are IP addresses or CIDR ranges of either family', () => {
    for (const entry of ['10.0.0.5', '10.0.0.0/8', '0.0.0.0/0', '::1', 'fd00::/8', '::/128'])
      expect(isAddressOrRange(entry), entry).toBe(true);
    for (const entry of [
      'proxy.lan',
      '10.0.0.0/33',
      'fd00::/129',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '10.0.0.0/x',
      '[::1]',
      '',
    ])
      expect(isAddressOrRange(entry), entry).toBe(false);
  });

  it('match addresses in their ranges, IPv4 also in its IPv4-mapped IPv6 form', () => {
    const trusted = addressMatcher(['10.0.0.0/8', '192.168.1.2', 'fd00::/8', '::1']);
    for (const address of ['10.1.2.3', '::ffff:10.1.2.3', '192.168.1.2', 'fd12::7', '::1'])
      expect(trusted(address), address).toBe(true);
    for (const address of ['11.0.0.1', '192.168.1.3', 'fe80::1', '::2', 'local', ''])
      expect(trusted(address), address).toBe(false);
    expect(addressMatcher([])('10.0.0.1')).toBe(false);
  });
});
