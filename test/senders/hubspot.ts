import { createHmac } from 'node:crypto';

/**
 * HubSpot's v3 headers: `X-HubSpot-Signature-v3` is base64 HMAC-SHA256(client secret,
 * method + URI + body + timestamp), `X-HubSpot-Request-Timestamp` the time in milliseconds. `uri` is
 * the full URL HubSpot calls (here without percent-encoded characters, which v3 would decode first).
 */
export function hubspotV3Headers(
  secret: string,
  uri: string,
  body: string,
  options: { timestampMs?: number; method?: string } = {},
): Record<string, string> {
  const timestamp = String(options.timestampMs ?? Date.now());
  return {
    'x-hubspot-signature-v3': createHmac('sha256', secret)
      .update(`${options.method ?? 'POST'}${uri}${body}${timestamp}`)
      .digest('base64'),
    'x-hubspot-request-timestamp': timestamp,
  };
}
