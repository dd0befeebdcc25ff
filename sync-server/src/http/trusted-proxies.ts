import { BlockList, isIP } from 'node:net';

/**
 * Whether a `TRUSTED_PROXIES` entry is an IP address or a CIDR range.
 *
 * @example isAddressOrRange('10.0.0.0/8') // true; also '192.168.1.2', 'fd00::/8', '::1'
 */
export function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * A test for "is this peer one of our proxies", from addresses and CIDR ranges checked by
 * `isAddressOrRange`. IPv4 entries also match their IPv4-mapped IPv6 form (`::ffff:10.0.0.5`),
 * which is how a dual-stack socket reports an IPv4 peer.
 *
 * @example addressMatcher(['10.0.0.0/8'])('10.1.2.3') // true
 */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
