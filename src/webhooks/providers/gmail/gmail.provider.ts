import { field, oneLine, str } from '../event-text';
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
import { readGmailSettings } from './gmail-settings';
import { GoogleTokenVerifier } from './google-token';

/**
 * Gmail push notifications through a Google Pub/Sub push subscription with authentication on.
 * Pub/Sub sends `Authorization: Bearer <Google-signed RS256 OIDC token>`: its signature is checked
 * against Google's keys (`jwksUrl`), its `aud` against `audience`, its `iss`, and its `email`
 * (verified) against `serviceAccountEmail`. The source's secrets are not used.
 *
 * Body `{message: {data, messageId, publishTime, attributes}, subscription}`, where `data` is
 * base64 JSON `{emailAddress, historyId}`. Stored as that envelope with `emailAddress` and
 * `historyId` lifted to the top level for routing. Delivery id: `message.messageId`.
 *
 * Settings: `audience` and `serviceAccountEmail` (required), `jwksUrl` (optional; fetched only
 * from public addresses unless `WEBHOOK_JWKS_ALLOW_PRIVATE=true`).
 */
export class GmailProvider implements WebhookProvider {
  readonly id = 'gmail';
  private readonly tokens = new GoogleTokenVerifier();

  /**
   * `audience` and `serviceAccountEmail` are required, `jwksUrl` optional. The source's secrets are
   * not used: a Google-signed token authenticates the push, so the secret a source is created with
   * (or rotated to) has no effect here.
   */
  validateSettings(settings: Record<string, unknown>): string[] {
    return readGmailSettings(settings).problems;
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Pub/Sub push');
  }

  async verify(delivery: IncomingDelivery, source: SourceContext): Promise<Verification> {
    const { settings, problems } = readGmailSettings(source.settings);
    if (!settings) return { ok: false, reason: `The source's settings are invalid: ${problems.join('; ')}` };
    const authorization = header(delivery, 'authorization');
    if (!authorization) return { ok: false, reason: 'Missing Authorization header' };
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) return { ok: false, reason: 'Authorization is not a Bearer token' };
    return this.tokens.verify(token, settings, delivery.receivedAt, source.allowPrivateNetworks === true);
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    const envelope = parseJsonObject(delivery.body.toString('utf8'), 'Pub/Sub push body');
    const message = envelope.message;
    const messageId = str(field(message, 'messageId')) ?? str(field(message, 'message_id'));
    if (!messageId) throw new MalformedDeliveryError('The Pub/Sub message has no messageId');
    const data = str(field(message, 'data'));
    if (!data) throw new MalformedDeliveryError('The Pub/Sub message has no data');
    const notification = parseJsonObject(Buffer.from(data, 'base64').toString('utf8'), 'Gmail notification');
    const emailAddress = str(notification.emailAddress);
    const historyId = notification.historyId;
    if (!emailAddress) throw new MalformedDeliveryError('The Gmail notification has no emailAddress');
    if (typeof historyId !== 'number' && typeof historyId !== 'string') {
      throw new MalformedDeliveryError('The Gmail notification has no historyId');
    }
    return [
      {
        deliveryId: messageId.slice(0, 200),
        eventType: 'gmail.message.received',
        providerEventType: 'pubsub.push',
        body: JSON.stringify({ emailAddress, historyId, message, subscription: envelope.subscription }),
        description: oneLine(`Gmail ${emailAddress}: mailbox changed (history ${historyId})`),
      },
    ];
  }
}
