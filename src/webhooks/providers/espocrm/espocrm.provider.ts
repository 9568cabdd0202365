import { canonicalJson, sha256Hex } from '../content-hash';
import { eventPath, oneLine, str } from '../event-text';
import { header } from '../headers';
import { assertJsonContentType, parseJsonObjectArray } from '../json-body';
import { IncomingDelivery, ParsedEvent, SourceContext, Verification, WebhookProvider } from '../webhook-provider';
import { decodeEspoSignature, EspoScheme, matchEspoSecret } from './espocrm-signature';

const EVENT = /^[A-Za-z][A-Za-z0-9]*\.(?:create|update|delete|fieldUpdate\.[A-Za-z][A-Za-z0-9_]*)$/;
const fail = (reason: string): Verification => ({ ok: false, reason });

/**
 * EspoCRM webhooks (one EspoCRM webhook record = one event such as `Contact.update` = one URL).
 * `Signature` (v9+) is base64(webhookId + ":" + hex HMAC-SHA256(secret, body)); the legacy
 * `X-Signature` has the raw HMAC bytes instead. When both arrive only `Signature` is checked.
 *
 * The body is always an array (EspoCRM batches up to 50 queued items per request). EspoCRM sends
 * no event name (no header, and the elements are bare record data: all attributes on create, the
 * changed ones plus `id` on update, `{id}` on delete), so the event type comes from the source's
 * `event` setting; without it, from an `entityType` field if the element has one, else
 * `espocrm.record.update`. There is no delivery id either: the delivery id is the SHA-256 of the
 * element's canonical JSON, so EspoCRM's retries (the same element again) are duplicates.
 *
 * Settings: `event` (the webhook's event, e.g. `Contact.update`, `Contact.fieldUpdate.status`),
 * `webhookId` (the EspoCRM webhook record id; when set, signatures naming another webhook are
 * refused).
 */
export class EspocrmProvider implements WebhookProvider {
  readonly id = 'espocrm';

  validateSettings(settings: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const { event, webhookId } = settings;
    if (event !== undefined && (typeof event !== 'string' || !EVENT.test(event))) {
      problems.push(
        'event must be an EspoCRM webhook event: <EntityType>.create, .update, .delete or .fieldUpdate.<field>, e.g. Contact.update',
      );
    }
    if (webhookId !== undefined && (typeof webhookId !== 'string' || !/^[\w-]{1,64}$/.test(webhookId))) {
      problems.push('webhookId must be the EspoCRM webhook record id (letters, digits, - or _)');
    }
    return problems;
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'EspoCRM');
  }

  verify(delivery: IncomingDelivery, { secrets, settings }: SourceContext): Verification {
    const current = header(delivery, 'signature');
    const legacy = header(delivery, 'x-signature');
    const [name, value, scheme]: [string, string | undefined, EspoScheme] = current
      ? ['Signature', current, 'hex']
      : ['X-Signature', legacy, 'raw'];
    if (!value) return fail('Missing Signature or X-Signature header');
    const signature = decodeEspoSignature(value, scheme);
    if (!signature) {
      return fail(`${name} is not base64 of <webhook id>:<${scheme === 'hex' ? 'hex' : 'raw'} HMAC-SHA256>`);
    }
    const expectedId = str(settings.webhookId);
    if (expectedId && signature.webhookId !== expectedId) {
      return fail(`${name} is for EspoCRM webhook "${signature.webhookId}", not the configured "${expectedId}"`);
    }
    const index = matchEspoSecret(secrets, delivery.body, signature, scheme);
    return index >= 0
      ? { ok: true, method: scheme === 'hex' ? 'hmac-sha256' : 'hmac-sha256-legacy', secretIndex: index }
      : fail(`${name} does not match the body for any configured secret`);
  }

  parse(delivery: IncomingDelivery, { settings }: SourceContext): ParsedEvent[] {
    return parseJsonObjectArray(delivery.body.toString('utf8'), 'EspoCRM body').map((element) => {
      const configured = str(settings.event);
      const providerEventType = configured ?? `${str(element.entityType) ?? 'Record'}.update`;
      return {
        deliveryId: sha256Hex(canonicalJson(element)),
        eventType: `espocrm.${eventPath(providerEventType)}`,
        providerEventType,
        body: JSON.stringify(element),
        description: describe(providerEventType, element),
      };
    });
  }
}

/** `EspoCRM Contact.update 64f0c1d2e3 "Jane Roe": emailAddress, phoneNumber`. */
function describe(event: string, element: Record<string, unknown>): string {
  const id = str(element.id);
  const name = str(element.name) ?? [str(element.firstName), str(element.lastName)].filter(Boolean).join(' ');
  const fields = Object.keys(element).filter((key) => key !== 'id' && key !== 'name');
  const listed =
    fields.length > 5 ? `${fields.slice(0, 5).join(', ')} and ${fields.length - 5} more` : fields.join(', ');
  return oneLine(
    [`EspoCRM ${event}`, id, name ? `"${oneLine(name, 60)}"` : undefined].filter(Boolean).join(' ') +
      (listed ? `: ${listed}` : ''),
  );
}
