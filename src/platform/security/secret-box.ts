import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

const deriveKey = (material: string) => createHash('sha256').update(`switchyard-secrets:${material}`).digest();

/**
 * Encrypts secrets that must stay usable (HMAC keys) before they are stored, so a database dump
 * alone does not reveal them: AES-256-GCM under a key derived from SECRETS_KEY.
 * Stored form: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`.
 *
 * SECRETS_KEY may be a keyring (`new,old`, newest first): the newest key seals, every key opens
 * (GCM's tag tells which one fits), so secrets sealed before a rotation stay readable until
 * `reseal-secrets` has sealed them again with the newest key.
 */
export class SecretBox {
  private readonly keys: Buffer[];

  constructor(keyMaterial: string | readonly string[]) {
    const materials = typeof keyMaterial === 'string' ? [keyMaterial] : keyMaterial;
    if (materials.length === 0) throw new Error('SecretBox needs at least one key');
    this.keys = materials.map(deriveKey);
  }

  /** How many keys the ring holds (1 when SECRETS_KEY is a single key). */
  get keyCount(): number {
    return this.keys.length;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  open(sealed: string): string {
    return this.openWithKey(sealed).plaintext;
  }

  /** The plaintext and the position in the ring of the key that opened it (0 = the newest). */
  openWithKey(sealed: string): { plaintext: string; keyIndex: number } {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret');
    for (const [keyIndex, key] of this.keys.entries()) {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
        return { plaintext: plaintext.toString('utf8'), keyIndex };
      } catch {
        // Not this key: try the next one.
      }
    }
    throw new Error(
      this.keys.length === 1
        ? 'A stored secret cannot be decrypted: SECRETS_KEY differs from the key it was sealed with'
        : 'A stored secret cannot be decrypted: none of the keys in SECRETS_KEY is the one it was sealed with',
    );
  }
}
