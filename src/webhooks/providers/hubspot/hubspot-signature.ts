import { createHash, createHmac } from 'node:crypto';
import { header } from '../headers';
import type { IncomingDelivery } from '../webhook-provider';

/**
 * HubSpot's v3 rule: before signing, decode these URL-encoded characters in the URI (and only
 * these; the table in its "Validating requests" guide). Case-insensitive, as senders vary.
 */
const V3_DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export const decodeV3Uri = (uri: string): string =>
  uri.replace(/%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (code) => V3_DECODED[code.toUpperCase()]!);

const firstOf = (value: string | undefined): string | undefined => value?.split(',')[0]?.trim() || undefined;

/**
 * The full URL HubSpot called. `publicUrl` (the target URL as configured in HubSpot) wins, with the
 * request's query string appended when it has none of its own; otherwise the URL is rebuilt from
 * the proxy headers (`X-Forwarded-Proto`, `X-Forwarded-Host`) or `Host`, and the request path.
 */
export function requestUri(delivery: IncomingDelivery, publicUrl: unknown): string {
  const query = delivery.url.includes('?') ? delivery.url.slice(delivery.url.indexOf('?')) : '';
  if (typeof publicUrl === 'string' && publicUrl !== '') return publicUrl.includes('?') ? publicUrl : publicUrl + query;
  const proto = firstOf(header(delivery, 'x-forwarded-proto')) ?? 'http';
  const host = firstOf(header(delivery, 'x-forwarded-host')) ?? header(delivery, 'host') ?? 'localhost';
  return `${proto}://${host}${delivery.url}`;
}

/** v3: base64 HMAC-SHA256(client secret, method + decoded URI + body + timestamp). */
export const signV3 = (secret: string, method: string, uri: string, body: Buffer, timestamp: string): string =>
  createHmac('sha256', secret)
    .update(method + decodeV3Uri(uri))
    .update(body)
    .update(timestamp)
    .digest('base64');

/** v1: hex SHA-256(client secret + body). */
export const signV1 = (secret: string, body: Buffer): string =>
  createHash('sha256').update(secret).update(body).digest('hex');

/** v2: hex SHA-256(client secret + method + URI + body); the URI exactly as called. */
export const signV2 = (secret: string, method: string, uri: string, body: Buffer): string =>
  createHash('sha256')
    .update(secret + method + uri)
    .update(body)
    .digest('hex');
