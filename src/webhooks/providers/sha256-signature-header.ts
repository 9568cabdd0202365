import { header } from './headers';
import { matchHmac } from './hmac';
import type { IncomingDelivery, Verification } from './webhook-provider';

/**
 * The `sha256=<hex HMAC-SHA256(secret, body)>` header GitHub made common (Jira and Google Forms' Apps
 * Script send the same), checked against every configured secret in constant time.
 */
export function verifySha256SignatureHeader(
  delivery: IncomingDelivery,
  secrets: readonly string[],
  headerName: string,
): Verification {
  const signature = header(delivery, headerName.toLowerCase());
  if (!signature) return { ok: false, reason: `Missing ${headerName} header` };
  if (!/^sha256=[0-9a-f]{64}$/i.test(signature)) {
    return { ok: false, reason: `${headerName} is not of the form sha256=<64 hex digits>` };
  }
  const index = matchHmac('sha256', secrets, delivery.body, signature.slice(7).toLowerCase(), 'hex');
  return index >= 0
    ? { ok: true, method: 'hmac-sha256', secretIndex: index }
    : { ok: false, reason: `${headerName} does not match the body for any configured secret` };
}
