import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks headers (what Svix-based senders send): `webhook-signature` is
 * `v1,` + base64 HMAC-SHA256(key, id + "." + timestamp + "." + body), the key being the secret after
 * `whsec_`, base64-decoded; `webhook-timestamp` is in seconds.
 */
export function standardWebhooksHeaders(
  secret: string,
  id: string,
  body: string,
  seconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': `v1,${signature}` };
}
