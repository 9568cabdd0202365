import { sha256Hex } from '../content-hash';
import { header } from '../headers';
import { matchHmac } from '../hmac';
import { assertJsonContentType, parseJsonObject } from '../json-body';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { describeJiraEvent, jiraEventType } from './jira-event';

/**
 * Jira admin webhooks (Cloud and Data Center) with a secret: `X-Hub-Signature:
 * sha256=<hex HMAC-SHA256(secret, body)>`. Delivery id from `X-Atlassian-Webhook-Identifier`
 * (the same on retries), else the SHA-256 of the body. Event type from the body's `webhookEvent`.
 */
export class JiraProvider implements WebhookProvider {
  readonly id = 'jira';

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Jira');
  }

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    const signature = header(delivery, 'x-hub-signature');
    if (!signature) return { ok: false, reason: 'Missing X-Hub-Signature header' };
    if (!/^sha256=[0-9a-f]{64}$/i.test(signature)) {
      return { ok: false, reason: 'X-Hub-Signature is not of the form sha256=<64 hex digits>' };
    }
    const index = matchHmac('sha256', secrets, delivery.body, signature.slice(7).toLowerCase(), 'hex');
    return index >= 0
      ? { ok: true, method: 'hmac-sha256', secretIndex: index }
      : { ok: false, reason: 'X-Hub-Signature does not match the body for any configured secret' };
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    const body = delivery.body.toString('utf8');
    const payload = parseJsonObject(body, 'Jira payload');
    const webhookEvent = payload.webhookEvent;
    if (typeof webhookEvent !== 'string' || !/^[\w:.-]{1,100}$/.test(webhookEvent)) {
      throw new MalformedDeliveryError('The Jira payload has no "webhookEvent" name');
    }
    const identifier = header(delivery, 'x-atlassian-webhook-identifier');
    return [
      {
        deliveryId: identifier ? identifier.slice(0, 200) : sha256Hex(delivery.body),
        eventType: jiraEventType(webhookEvent),
        providerEventType: webhookEvent,
        body,
        description: describeJiraEvent(webhookEvent, payload),
      },
    ];
  }
}
