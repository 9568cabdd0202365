import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../../platform/security/constant-time';
import { firstMatch } from '../hmac';

/** The signing key: the secret after an optional `whsec_` prefix, base64-decoded. */
export const signingKey = (secret: string): Buffer =>
  Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');

/** base64 HMAC-SHA256(key, id + "." + timestamp + "." + body). */
export const signStandardWebhook = (secret: string, id: string, timestamp: string, body: Buffer): string =>
  createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');

/** The `v1` signatures of a `webhook-signature` header (`v1,<b64> v1,<b64>`); other versions are ignored. */
export const v1Signatures = (header: string): string[] =>
  header
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3));

/**
 * Index of the first secret whose signature is among `signatures`, or -1. Every secret is compared
 * with every listed signature, so timing reveals neither which secret nor which entry matched.
 */
export function matchStandardWebhook(
  secrets: readonly string[],
  signatures: readonly string[],
  id: string,
  timestamp: string,
  body: Buffer,
): number {
  return firstMatch(secrets, (secret) => {
    const expected = signStandardWebhook(secret, id, timestamp, body);
    return firstMatch(signatures, (signature) => constantTimeEqual(expected, signature)) >= 0;
  });
}
