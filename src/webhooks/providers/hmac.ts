import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../platform/security/constant-time';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/**
 * Index of the first candidate for which `matches` holds, or -1. Every candidate is tried, so the
 * time taken does not reveal which one matched (each `matches` must compare in constant time).
 */
export function firstMatch<T>(candidates: readonly T[], matches: (candidate: T) => boolean): number {
  let matched = -1;
  candidates.forEach((candidate, index) => {
    if (matches(candidate) && matched === -1) matched = index;
  });
  return matched;
}

/**
 * Index of the first secret whose HMAC of `payload` equals `expected` (compared in constant time
 * for every secret, so timing does not reveal which one matched), or -1.
 */
export function matchHmac(
  algorithm: HmacAlgorithm,
  secrets: readonly string[],
  payload: Buffer | string,
  expected: string,
  encoding: 'hex' | 'base64',
): number {
  return firstMatch(secrets, (secret) =>
    constantTimeEqual(createHmac(algorithm, secret).update(payload).digest(encoding), expected),
  );
}
