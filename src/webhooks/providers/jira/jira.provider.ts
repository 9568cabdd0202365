import { sha256Hex } from '../content-hash';
import { header } from '../headers';
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
import { verifySha256SignatureHeader } from '../sha256-signature-header';

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
    return verifySha256SignatureHeader(delivery, secrets, 'X-Hub-Signature');
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
