import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from './address-policy';

/** A forward refused by the address policy: permanent, retrying would be refused again. */
export class ForwardRefusedError extends Error {
  override readonly name = 'ForwardRefusedError';
}

/**
 * A `lookup` for http.request that refuses non-public addresses. Checking the very addresses the
 * socket connects to (rather than resolving once beforehand) leaves no window for DNS rebinding.
 * `allowVariable` names the setting that would allow them, for the refusal's message.
 */
export function guardedLookup(allowPrivate: boolean, allowVariable = 'HTTP_FORWARD_ALLOW_PRIVATE'): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused) {
        return callback(
          new ForwardRefusedError(
            `${hostname} resolves to ${refused.address}, which is not a public address (set ${allowVariable}=true to allow private networks)`,
          ),
          '',
          0,
        );
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      return first
        ? callback(null, first.address, first.family)
        : callback(new Error(`${hostname} has no address`), '', 0);
    });
  };
}
