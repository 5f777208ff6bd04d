import { isIPv6 } from 'node:net';

/**
 * The key a per-source limit counts under. IPv4 addresses (also IPv4-mapped IPv6) count one by one; an
 * IPv6 address counts by its /64, since one host usually holds a whole /64 and could otherwise rotate
 * through 2^64 addresses to escape any per-address limit.
 */
export function sourceKey(address: string | undefined): string {
  if (!address) return '?';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (zone id dropped), without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const fill = address.includes('::') ? new Array<string>(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}
