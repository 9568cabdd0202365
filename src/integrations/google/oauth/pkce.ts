import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636: a 256-bit verifier kept server-side, its S256 challenge sent with the authorization request. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
