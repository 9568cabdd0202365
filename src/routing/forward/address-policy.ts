import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address is an ordinary public unicast address. Loopback, private, link-local,
 * carrier-grade NAT, unique-local, multicast, reserved and the IPv6 transition ranges that embed
 * another address (6to4, Teredo, NAT64) are not: a forward to them could reach the internal network.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The reason a literal-address URL is refused, or undefined (host names are checked when resolved). */
export function literalAddressProblem(url: URL): string | undefined {
  // `localhost.` is `localhost`: a fully qualified name with its root dot.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback host name`;
  if (!ipaddr.isValid(host)) return undefined;
  return isPublicAddress(host) ? undefined : `${host} is a ${ipaddr.parse(host).range()} address, not a public one`;
}
