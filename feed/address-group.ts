import { isIPv6 } from 'node:net';

/**
 * The unit that per-address limits count. An IPv4 address is itself; an
 * IPv6 address counts by its /64 prefix, because one host or customer is
 * routinely given a whole /64 and can use any address in it; an IPv4-mapped
 * IPv6 address (::ffff:1.2.3.4) is the IPv4 address.
 */
export function addressGroup(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** Eight hextets, without the zone id. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) is two hextets; only the first four matter here.
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailParts];
  return parts.map((part) => (part.includes('.') ? part : (part || '0').toLowerCase().replace(/^0+(?=.)/, '')));
}
