import { loadConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { secretsKeyring } from './secrets-key';

const OLD = 'the-old-secrets-key-0123456789-abcdef';
const NEW = 'the-new-secrets-key-0123456789-abcdef';

describe('SecretBox with a keyring (SECRETS_KEY=new,old)', () => {
  it('seals with the newest key and opens what either key sealed', () => {
    const sealedBefore = new SecretBox(OLD).seal('github-hmac-secret');
    const ring = new SecretBox([NEW, OLD]);
    expect(ring.openWithKey(sealedBefore)).toEqual({ plaintext: 'github-hmac-secret', keyIndex: 1 });
    const sealedNow = ring.seal('another');
    expect(ring.openWithKey(sealedNow)).toEqual({ plaintext: 'another', keyIndex: 0 });
    // Sealed with the new key: the new key alone opens it, the old one alone does not.
    expect(new SecretBox(NEW).open(sealedNow)).toBe('another');
    expect(() => new SecretBox(OLD).open(sealedNow)).toThrow(/SECRETS_KEY differs from the key it was sealed with/);
  });

  it('says when no key in the ring opens a value', () => {
    const sealed = new SecretBox('a-third-key-nobody-kept-0123456789').seal('x');
    expect(() => new SecretBox([NEW, OLD]).open(sealed)).toThrow(/none of the keys in SECRETS_KEY/);
  });

  it('reads SECRETS_KEY as keys newest first, each checked for length', () => {
    expect(secretsKeyring(` ${NEW} , ${OLD} `)).toEqual([NEW, OLD]);
    const base = { RUNTIME_ENV: 'test', DATABASE_URL: 'postgres://u@localhost/db' };
    expect(loadConfig({ ...base, SECRETS_KEY: `${NEW},${OLD}` }).secretsKey).toBe(`${NEW},${OLD}`);
    expect(() => loadConfig({ ...base, SECRETS_KEY: `${NEW},short` })).toThrow(
      /during a rotation, keys newest first separated by commas \(new,old\), each at least 32 characters/,
    );
  });
});
