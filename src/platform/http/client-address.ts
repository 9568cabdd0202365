import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

type Trust = (address: string, hop: number) => boolean;

/** `TRUST_PROXY` as Express reads it (`app.set('trust proxy', ...)`): the same rule, for handlers served ahead of Express. */
function compileTrust(trustProxy: boolean | number | string): Trust {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile(trustProxy.split(',').map((part) => part.trim()));
}

/**
 * The client's address as Express's `req.ip` gives it: the connection's peer, or the nearest
 * untrusted address in `X-Forwarded-For` when the peer is a trusted proxy.
 */
export function clientAddressReader(trustProxy: boolean | number | string): (req: IncomingMessage) => string {
  const trust = compileTrust(trustProxy);
  return (req) => {
    try {
      return proxyAddr(req, trust);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}

/**
 * What per-address limits count by: an IPv4 address, or the /64 an IPv6 address is in (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would limit nothing).
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const parts = v6.parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `${new ipaddr.IPv6(parts).toString()}/64`;
}
