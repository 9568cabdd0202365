import { sha256Hex } from '../content-hash';
import { oneLine } from '../event-text';
import { header } from '../headers';
import { matchHmac } from '../hmac';
import { assertJsonContentType, parseJsonObject } from '../json-body';
import type { IncomingDelivery, ParsedEvent, SourceContext, Verification, WebhookProvider } from '../webhook-provider';
import { describeZammadEvent, inferZammadEvent, zammadEventType } from './zammad-event';

/**
 * Zammad trigger webhooks: `X-Hub-Signature: sha1=<hex HMAC-SHA1(secret, body)>` (the webhook's
 * "HMAC SHA1 Signature Token"), delivery id from `X-Zammad-Delivery`, else the SHA-256 of the body.
 * The event type is inferred from the payload (see zammad-event.ts); a payload it cannot
 * interpret is still stored, as `zammad.unsupported` with the reason in its description, so a
 * customised payload never turns into a retry loop. The provider's own name for the event is the
 * trigger's name (`X-Zammad-Trigger`).
 */
export class ZammadProvider implements WebhookProvider {
  readonly id = 'zammad';

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Zammad');
  }

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    const signature = header(delivery, 'x-hub-signature');
    if (!signature) return { ok: false, reason: 'Missing X-Hub-Signature header (set the webhook’s signature token)' };
    if (!/^sha1=[0-9a-f]{40}$/i.test(signature)) {
      return { ok: false, reason: 'X-Hub-Signature is not of the form sha1=<40 hex digits>' };
    }
    const index = matchHmac('sha1', secrets, delivery.body, signature.slice(5).toLowerCase(), 'hex');
    return index >= 0
      ? { ok: true, method: 'hmac-sha1', secretIndex: index }
      : { ok: false, reason: 'X-Hub-Signature does not match the body for any configured secret' };
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    const body = delivery.body.toString('utf8');
    const payload = parseJsonObject(body, 'Zammad payload');
    const inference = inferZammadEvent(payload);
    const deliveryId = header(delivery, 'x-zammad-delivery');
    const trigger = header(delivery, 'x-zammad-trigger');
    return [
      {
        deliveryId: deliveryId ? deliveryId.slice(0, 200) : sha256Hex(delivery.body),
        eventType: zammadEventType(inference),
        providerEventType: trigger ? oneLine(trigger, 100) : 'trigger',
        body,
        description: describeZammadEvent(inference, payload),
      },
    ];
  }
}
