import { createHash } from 'node:crypto';
import { newPkce } from './pkce';

describe('PKCE', () => {
  it('makes a fresh 256-bit verifier and its S256 challenge (RFC 7636)', () => {
    const first = newPkce();
    expect(first.verifier).toMatch(/^[\w-]{43}$/);
    expect(first.challenge).toBe(createHash('sha256').update(first.verifier).digest('base64url'));
    expect(newPkce().verifier).not.toBe(first.verifier);
  });
});
