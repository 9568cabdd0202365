import { eventPath, field, oneLine, str } from '../event-text';
import { header } from '../headers';
import { assertJsonContentType, parseJsonObject } from '../json-body';
import { staleTimestampReason } from '../timestamp';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { matchStandardWebhook, v1Signatures } from './standard-webhooks-signature';

const PREFIX = /^[a-z][a-z0-9_-]{0,39}$/;
const fail = (reason: string): Verification => ({ ok: false, reason });

/** `webhook-*` headers, or the `svix-*` names that Svix's own senders use for the same values. */
function signedHeaders(delivery: IncomingDelivery) {
  const prefix = header(delivery, 'webhook-id') !== undefined ? 'webhook' : 'svix';
  return {
    prefix,
    id: header(delivery, `${prefix}-id`),
    timestamp: header(delivery, `${prefix}-timestamp`),
    signature: header(delivery, `${prefix}-signature`),
  };
}

/**
 * Standard Webhooks (standardwebhooks.com; Svix and the senders built on its libraries):
 * `webhook-signature` lists space-separated `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`
 * entries, any of which may match; the key is the secret after `whsec_`, base64-decoded. The
 * timestamp (seconds) must be within 5 minutes either way. Delivery id: `webhook-id`. Event type:
 * the payload's `type`, prefixed `standard-webhooks.` or the source's `eventPrefix` (e.g. `svix`).
 */
export class StandardWebhooksProvider implements WebhookProvider {
  readonly id = 'standard-webhooks';

  validateSettings(settings: Record<string, unknown>): string[] {
    const { eventPrefix } = settings;
    return eventPrefix !== undefined && (typeof eventPrefix !== 'string' || !PREFIX.test(eventPrefix))
      ? ['eventPrefix must be lower-case letters, digits, - or _ (starting with a letter, at most 40), e.g. svix']
      : [];
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Standard Webhooks');
  }

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    const { prefix, id, timestamp, signature } = signedHeaders(delivery);
    if (!id) return fail('Missing webhook-id header');
    if (!timestamp) return fail(`Missing ${prefix}-timestamp header`);
    if (!signature) return fail(`Missing ${prefix}-signature header`);
    if (!/^\d{1,12}$/.test(timestamp)) return fail(`${prefix}-timestamp is not a time in seconds`);
    const stale = staleTimestampReason(`${prefix}-timestamp`, Number(timestamp) * 1000, delivery.receivedAt);
    if (stale) return fail(stale);
    const signatures = v1Signatures(signature);
    if (signatures.length === 0) return fail(`${prefix}-signature has no v1,<base64> entry`);
    const index = matchStandardWebhook(secrets, signatures, id, timestamp, delivery.body);
    return index >= 0
      ? { ok: true, method: 'standard-webhooks-v1', secretIndex: index }
      : fail(`${prefix}-signature has no signature matching the body for any configured secret`);
  }

  parse(delivery: IncomingDelivery, { settings }: SourceContext): ParsedEvent[] {
    const { id } = signedHeaders(delivery);
    if (!id) throw new MalformedDeliveryError('Missing webhook-id header');
    const body = delivery.body.toString('utf8');
    const payload = parseJsonObject(body, 'Standard Webhooks payload');
    const type = str(payload.type);
    if (!type) throw new MalformedDeliveryError('The payload has no "type"');
    const prefix = str(settings.eventPrefix) ?? this.id;
    const subject = str(field(payload.data, 'id'));
    return [
      {
        deliveryId: id.slice(0, 200),
        eventType: `${prefix}.${eventPath(type)}`,
        providerEventType: type,
        body,
        description: oneLine(`${prefix}: ${type}${subject ? ` ${subject}` : ''}`),
      },
    ];
  }
}
