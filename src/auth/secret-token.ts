import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens handed to browsers (session cookies, one-time links): 256 random bits. Only the
 * SHA-256 is stored; a fast hash is enough because the tokens are random, not chosen by people.
 */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Whether a string can be one of our tokens at all (checked before hashing or querying). */
export const looksLikeSecretToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
