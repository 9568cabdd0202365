import { calendarOf } from './calendar-of';
import { constantTimeEqual } from '../../../platform/security/constant-time';
import { eventSegment, oneLine } from '../event-text';
import { header } from '../headers';
import { firstMatch } from '../hmac';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';

/** Event type by `X-Goog-Resource-State`; any other state becomes `gcal.channel.<state>`. */
const EVENT_TYPES: Readonly<Record<string, string>> = {
  sync: 'gcal.channel.sync',
  exists: 'gcal.event.changed',
  not_exists: 'gcal.event.deleted',
};

/**
 * Google Calendar push notifications (`events.watch` channels). There is no signature and no body:
 * the `token` given to `watch` is echoed in `X-Goog-Channel-Token` and compared with the source's
 * secrets (so each secret is a channel token). `sync` is the handshake sent when a channel opens;
 * it is stored like any other notification and answered 2xx. Delivery id: channel id + ":" +
 * `X-Goog-Message-Number`. The stored body is the notification's headers as JSON (without the
 * token); the changes themselves are fetched from Calendar with a sync token.
 */
export class GcalProvider implements WebhookProvider {
  readonly id = 'gcal';

  /** Google sends no body and usually no content type; whatever it says is accepted and ignored. */
  assertContentType(_contentType: string | undefined): void {}

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    const token = header(delivery, 'x-goog-channel-token');
    if (!token) return { ok: false, reason: 'Missing X-Goog-Channel-Token header (set a token in the watch request)' };
    const index = firstMatch(secrets, (secret) => constantTimeEqual(secret, token));
    return index >= 0
      ? { ok: true, method: 'channel-token', secretIndex: index }
      : { ok: false, reason: 'X-Goog-Channel-Token matches no configured secret' };
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    const required = (name: string): string => {
      const value = header(delivery, name.toLowerCase());
      if (!value) throw new MalformedDeliveryError(`Missing ${name} header`);
      return value;
    };
    const channelId = required('X-Goog-Channel-ID');
    const state = required('X-Goog-Resource-State');
    const messageNumber = required('X-Goog-Message-Number');
    if (!/^\d{1,20}$/.test(messageNumber)) throw new MalformedDeliveryError('X-Goog-Message-Number is not a number');
    const notification = {
      channelId,
      resourceState: state,
      messageNumber,
      resourceId: header(delivery, 'x-goog-resource-id'),
      resourceUri: header(delivery, 'x-goog-resource-uri'),
      channelExpiration: header(delivery, 'x-goog-channel-expiration'),
    };
    return [
      {
        deliveryId: `${channelId.slice(0, 150)}:${messageNumber}`,
        eventType: EVENT_TYPES[state] ?? `gcal.channel.${eventSegment(state)}`,
        providerEventType: state,
        body: JSON.stringify(notification),
        description: describe(state, channelId, notification.resourceUri),
      },
    ];
  }
}

const WHAT: Readonly<Record<string, string>> = {
  sync: 'sync handshake',
  exists: 'events changed',
  not_exists: 'resource deleted',
};

/** "Google Calendar team@example.com: events changed (channel 4ba7…)". */
function describe(state: string, channelId: string, resourceUri: string | undefined): string {
  const calendar = calendarOf(resourceUri);
  return oneLine(
    `Google Calendar${calendar ? ` ${calendar}` : ''}: ${WHAT[state] ?? state} (channel ${oneLine(channelId, 64)})`,
  );
}
