import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../platform/security/constant-time';

/**
 * Index of the first secret whose HMAC of `payload` equals `expected` (compared in constant time
 * for every secret, so timing does not reveal which one matched), or -1.
 */
export function matchHmac(
  algorithm: 'sha1' | 'sha256',
  secrets: readonly string[],
  payload: Buffer | string,
  expected: string,
  encoding: 'hex' | 'base64',
): number {
  let matched = -1;
  secrets.forEach((secret, index) => {
    const actual = createHmac(algorithm, secret).update(payload).digest(encoding);
    if (constantTimeEqual(actual, expected) && matched === -1) matched = index;
  });
  return matched;
}
