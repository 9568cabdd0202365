import { createHmac } from 'node:crypto';

/** `X-Hub-Signature-256` as GitHub sends it: `sha256=` + hex HMAC-SHA256(secret, body). */
export const githubSignature = (secret: string, body: string | Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
