import { Injectable } from '@nestjs/common';
import { redactHeaders } from '../../platform/logging/redaction';
import type { IncomingDelivery, ParsedEvent, Verification } from '../providers/webhook-provider';
import type { WebhookSource } from '../sources/webhook-sources';
import { InboxWriter, StoredEvent } from './inbox-writer';

/** Stores the verified events of one delivery durably; the worker's router routes them. */
@Injectable()
export class WebhookInbox {
  constructor(private readonly writer: InboxWriter) {}

  accept(
    source: WebhookSource,
    delivery: IncomingDelivery,
    verification: Extract<Verification, { ok: true }>,
    events: ParsedEvent[],
  ): Promise<StoredEvent[]> {
    const headers = redactHeaders(delivery.headers, source.provider.sensitiveHeaders?.(source.settings));
    const { secretIndex, ...rest } = verification;
    const verified = { ...rest, secretId: secretIndex === undefined ? null : source.secretIds[secretIndex] };
    return this.writer.write(
      events.map((event) => ({
        source: source.slug,
        provider: source.provider.id,
        eventType: event.eventType,
        providerEventType: event.providerEventType,
        deliveryId: event.deliveryId,
        headers,
        body: event.body,
        description: event.description,
        verification: verified,
        receivedAt: delivery.receivedAt,
      })),
    );
  }
}
