import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../../platform/security/constant-time';
import { firstMatch } from '../hmac';

/** `Signature` (v9+) carries the HMAC as hex text; the legacy `X-Signature` as its raw 32 bytes. */
export type EspoScheme = 'hex' | 'raw';

export interface EspoSignature {
  webhookId: string;
  mac: Buffer;
}

/** Splits base64(webhookId + ":" + HMAC); the id (a record id) has no colon, the raw HMAC may. */
export function decodeEspoSignature(value: string, scheme: EspoScheme): EspoSignature | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  const colon = bytes.indexOf(0x3a);
  if (colon < 1) return undefined;
  const webhookId = bytes.subarray(0, colon).toString('latin1');
  const mac = bytes.subarray(colon + 1);
  if (!/^[\w-]{1,64}$/.test(webhookId)) return undefined;
  if (scheme === 'hex' ? !/^[0-9a-f]{64}$/i.test(mac.toString('latin1')) : mac.length !== 32) return undefined;
  return { webhookId, mac };
}

/** Index of the secret whose HMAC-SHA256 of the body is the signature's, or -1 (constant time). */
export function matchEspoSecret(
  secrets: readonly string[],
  body: Buffer,
  signature: EspoSignature,
  scheme: EspoScheme,
) {
  const expected = scheme === 'hex' ? signature.mac.toString('latin1').toLowerCase() : signature.mac;
  return firstMatch(secrets, (secret) => {
    const digest = createHmac('sha256', secret).update(body).digest();
    return constantTimeEqual(scheme === 'hex' ? digest.toString('hex') : digest, expected);
  });
}
