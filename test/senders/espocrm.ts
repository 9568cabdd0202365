import { createHmac } from 'node:crypto';

/** EspoCRM's (v9+) `Signature` header: base64(webhook id + ":" + hex HMAC-SHA256(secret, body)). */
export const espocrmSignature = (secret: string, webhookId: string, body: string): string =>
  Buffer.from(`${webhookId}:${createHmac('sha256', secret).update(body).digest('hex')}`).toString('base64');
