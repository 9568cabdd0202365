import { constantTimeEqual } from '../../../platform/security/constant-time';
import { sha256Hex } from '../content-hash';
import { eventPath, field, oneLine } from '../event-text';
import { header } from '../headers';
import { firstMatch, matchHmac } from '../hmac';
import { assertJsonContentType, parseJson } from '../json-body';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { GenericSettings, readGenericSettings } from './generic-settings';

/**
 * A source for any sender that signs the body with an HMAC or sends a shared token in a header.
 * Settings:
 * - `mode`: `hmac` or `token` (required).
 * - `header`: the header carrying the signature or token, e.g. `X-Signature` (required).
 * - `algorithm` (`sha1`, `sha256`, `sha512`) and `encoding` (`hex`, `base64`): required for `hmac`.
 * - `prefix`: text before the signature or token, e.g. `sha256=` or `Bearer ` (optional).
 * - `deliveryIdHeader`: header with the sender's delivery id (optional; else the body's SHA-256).
 * - `eventTypeField`: field or dotted path of the JSON body naming the event (optional).
 * The event type is `generic.<source slug>.<that field's value, or "received">`.
 */
export class GenericProvider implements WebhookProvider {
  readonly id = 'generic';

  validateSettings(settings: Record<string, unknown>): string[] {
    return readGenericSettings(settings).problems;
  }

  sensitiveHeaders(settings: Readonly<Record<string, unknown>>): string[] {
    return typeof settings.header === 'string' ? [settings.header.toLowerCase()] : [];
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Generic source');
  }

  verify(delivery: IncomingDelivery, source: SourceContext): Verification {
    const { settings, problems } = readGenericSettings(source.settings);
    if (!settings) return { ok: false, reason: `The source's settings are invalid: ${problems.join('; ')}` };
    const value = header(delivery, settings.header.toLowerCase());
    if (!value) return { ok: false, reason: `Missing ${settings.header} header` };
    if (!value.toLowerCase().startsWith(settings.prefix.toLowerCase())) {
      return { ok: false, reason: `${settings.header} does not start with "${settings.prefix}"` };
    }
    const presented = value.slice(settings.prefix.length).trim();
    const index = this.match(settings, source.secrets, delivery.body, presented);
    const method = settings.mode === 'hmac' ? `hmac-${settings.algorithm}` : 'token';
    return index >= 0
      ? { ok: true, method, secretIndex: index }
      : {
          ok: false,
          reason: `${settings.header} does not match ${settings.mode === 'hmac' ? 'the body' : 'the token'} for any configured secret`,
        };
  }

  parse(delivery: IncomingDelivery, source: SourceContext): ParsedEvent[] {
    const { settings } = readGenericSettings(source.settings);
    if (!settings) throw new MalformedDeliveryError("The source's settings are invalid");
    const body = delivery.body.toString('utf8');
    const payload = parseJson(body, 'payload');
    const raw = settings.eventTypeField?.reduce<unknown>((value, key) => field(value, key), payload);
    const type = typeof raw === 'string' && raw.trim() !== '' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    return [
      {
        deliveryId: this.deliveryId(delivery, settings),
        eventType: `generic.${source.slug}.${type ? eventPath(type) : 'received'}`,
        providerEventType: type ?? 'received',
        body,
        description: oneLine(`${source.slug}: ${type ?? 'received'} (${delivery.body.length} bytes)`),
      },
    ];
  }

  private match(settings: GenericSettings, secrets: readonly string[], body: Buffer, presented: string): number {
    if (settings.mode === 'token') return firstMatch(secrets, (secret) => constantTimeEqual(secret, presented));
    const expected = settings.encoding === 'hex' ? presented.toLowerCase() : presented;
    return matchHmac(settings.algorithm, secrets, body, expected, settings.encoding);
  }

  private deliveryId(delivery: IncomingDelivery, settings: GenericSettings): string {
    if (!settings.deliveryIdHeader) return sha256Hex(delivery.body);
    const id = header(delivery, settings.deliveryIdHeader.toLowerCase());
    if (!id) throw new MalformedDeliveryError(`Missing ${settings.deliveryIdHeader} header (the delivery id)`);
    return id.slice(0, 200);
  }
}
