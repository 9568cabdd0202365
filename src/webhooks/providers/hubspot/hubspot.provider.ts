import { constantTimeEqual } from '../../../platform/security/constant-time';
import { eventPath, oneLine, str } from '../event-text';
import { header } from '../headers';
import { firstMatch } from '../hmac';
import { assertJsonContentType, parseJsonObjectArray } from '../json-body';
import { staleTimestampReason } from '../timestamp';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { requestUri, signV1, signV2, signV3 } from './hubspot-signature';

const fail = (reason: string): Verification => ({ ok: false, reason });

/**
 * HubSpot webhooks. Signature v3 (`X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp`,
 * 5-minute window) is required. The older v1/v2 signatures (`X-HubSpot-Signature`,
 * `X-HubSpot-Signature-Version`) carry no timestamp, so a captured delivery could be replayed for
 * ever: they are accepted only without a v3 header, and only when the source sets
 * `allowLegacySignatures`. The body is an array of events; each becomes one event, deduplicated
 * by `eventId`.
 *
 * Settings: `publicUrl` (the target URL as configured in HubSpot, e.g.
 * `https://hooks.example.com/webhooks/hubspot`; needed behind a proxy that rewrites the host or
 * path, since v2 and v3 sign the full URL), `allowLegacySignatures` (boolean, default false:
 * accept v1/v2-only deliveries). `requireV3` is still accepted, and is what happens anyway.
 */
export class HubspotProvider implements WebhookProvider {
  readonly id = 'hubspot';

  validateSettings(settings: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const { publicUrl, requireV3, allowLegacySignatures } = settings;
    if (publicUrl !== undefined && (typeof publicUrl !== 'string' || !/^https?:\/\/[^/\s]+\/\S*$/.test(publicUrl))) {
      problems.push(
        'publicUrl must be the absolute http(s) URL HubSpot calls, e.g. https://hooks.example.com/webhooks/hubspot',
      );
    }
    if (requireV3 !== undefined && typeof requireV3 !== 'boolean') problems.push('requireV3 must be true or false');
    if (allowLegacySignatures !== undefined && typeof allowLegacySignatures !== 'boolean') {
      problems.push('allowLegacySignatures must be true or false');
    }
    if (requireV3 === true && allowLegacySignatures === true) {
      problems.push('requireV3 and allowLegacySignatures contradict each other: keep one');
    }
    return problems;
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'HubSpot');
  }

  verify(delivery: IncomingDelivery, { secrets, settings }: SourceContext): Verification {
    const v3 = header(delivery, 'x-hubspot-signature-v3');
    if (v3 !== undefined) return this.verifyV3(delivery, secrets, settings, v3);
    if (settings.allowLegacySignatures !== true || settings.requireV3 === true) {
      return fail(
        'Missing X-HubSpot-Signature-v3 header (v1 and v2 signatures carry no timestamp and can be replayed; a source accepts them only with allowLegacySignatures: true)',
      );
    }
    return this.verifyLegacy(delivery, secrets, settings);
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    return parseJsonObjectArray(delivery.body.toString('utf8'), 'HubSpot body').map((event, index) => {
      const eventId = event.eventId;
      if ((typeof eventId !== 'number' && typeof eventId !== 'string') || eventId === '') {
        throw new MalformedDeliveryError(`HubSpot event ${index} has no eventId`);
      }
      const type = str(event.subscriptionType);
      if (!type) throw new MalformedDeliveryError(`HubSpot event ${index} has no subscriptionType`);
      return {
        deliveryId: String(eventId).slice(0, 200),
        eventType: `hubspot.${eventPath(type)}`,
        providerEventType: type,
        body: JSON.stringify(event),
        description: describe(type, event),
      };
    });
  }

  private verifyV3(
    delivery: IncomingDelivery,
    secrets: readonly string[],
    settings: SourceContext['settings'],
    signature: string,
  ): Verification {
    const timestamp = header(delivery, 'x-hubspot-request-timestamp');
    if (!timestamp) return fail('Missing X-HubSpot-Request-Timestamp header');
    if (!/^\d{1,16}$/.test(timestamp)) return fail('X-HubSpot-Request-Timestamp is not a time in milliseconds');
    const stale = staleTimestampReason('X-HubSpot-Request-Timestamp', Number(timestamp), delivery.receivedAt);
    if (stale) return fail(stale);
    if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return fail('X-HubSpot-Signature-v3 is not a base64 SHA-256 HMAC');
    const uri = requestUri(delivery, settings.publicUrl);
    const index = firstMatch(secrets, (secret) =>
      constantTimeEqual(signV3(secret, delivery.method, uri, delivery.body, timestamp), signature),
    );
    return index >= 0
      ? { ok: true, method: 'hubspot-v3', secretIndex: index }
      : fail(`X-HubSpot-Signature-v3 does not match ${delivery.method} ${uri} for any configured secret`);
  }

  /** v1/v2: `X-HubSpot-Signature` with `X-HubSpot-Signature-Version`; no timestamp. */
  private verifyLegacy(
    delivery: IncomingDelivery,
    secrets: readonly string[],
    settings: SourceContext['settings'],
  ): Verification {
    const legacy = header(delivery, 'x-hubspot-signature');
    if (!legacy) return fail('Missing X-HubSpot-Signature-v3 or X-HubSpot-Signature header');
    if (!/^[0-9a-f]{64}$/i.test(legacy)) return fail('X-HubSpot-Signature is not 64 hex digits');
    const version = header(delivery, 'x-hubspot-signature-version');
    if (version !== 'v1' && version !== 'v2') {
      return fail(`X-HubSpot-Signature-Version must be v1 or v2, not "${oneLine(version ?? 'none', 20)}"`);
    }
    const expected = legacy.toLowerCase();
    const uri = requestUri(delivery, settings.publicUrl);
    const index = firstMatch(secrets, (secret) =>
      constantTimeEqual(
        version === 'v1' ? signV1(secret, delivery.body) : signV2(secret, delivery.method, uri, delivery.body),
        expected,
      ),
    );
    return index >= 0
      ? { ok: true, method: `hubspot-${version}`, secretIndex: index }
      : fail(`X-HubSpot-Signature (${version}) does not match the request for any configured secret`);
  }
}

/** "HubSpot deal.propertyChange: object 123 dealstage = closedwon (portal 62515)". */
function describe(type: string, event: Record<string, unknown>): string {
  const objectId = event.objectId;
  const property = str(event.propertyName);
  const value = event.propertyValue;
  const portal = event.portalId;
  return oneLine(
    [
      `HubSpot ${type}:`,
      typeof objectId === 'number' || typeof objectId === 'string' ? `object ${objectId}` : undefined,
      property
        ? `${property} = ${oneLine(typeof value === 'string' ? value : String(JSON.stringify(value)), 60)}`
        : undefined,
      typeof portal === 'number' || typeof portal === 'string' ? `(portal ${portal})` : undefined,
    ]
      .filter(Boolean)
      .join(' '),
  );
}
