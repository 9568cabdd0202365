import { constantTimeEqual } from '../../../platform/security/constant-time';
import { oneLine } from '../event-text';
import { header } from '../headers';
import { firstMatch } from '../hmac';
import { assertJsonContentType, parseJsonObject } from '../json-body';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { readDocusealSettings } from './docuseal-settings';

const asId = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * DocuSeal webhooks (`{event_type, timestamp, data}`), authenticated by the secret key/value header
 * configured on DocuSeal's webhook (`secretHeader`, the source's secret as its value; compared in
 * constant time). `form.completed` of a template listed in `agreementTemplateIds` is
 * `docuseal.agreement.signed` (the member agreement: the signer's e-mail and the time it was signed);
 * every other event is `docuseal.<event_type>`. DocuSeal retries failed deliveries for 48 hours: the
 * delivery id is the event, the submitter and its completion time, so a retry is a duplicate.
 */
export class DocusealProvider implements WebhookProvider {
  readonly id = 'docuseal';

  validateSettings(settings: Record<string, unknown>): string[] {
    return readDocusealSettings(settings).problems;
  }

  sensitiveHeaders(settings: Readonly<Record<string, unknown>>): string[] {
    return [(readDocusealSettings(settings).settings?.secretHeader ?? 'X-Docuseal-Secret').toLowerCase()];
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'DocuSeal');
  }

  verify(delivery: IncomingDelivery, { secrets, settings }: SourceContext): Verification {
    const read = readDocusealSettings(settings);
    if (!read.settings) return { ok: false, reason: `The source's settings are invalid: ${read.problems.join('; ')}` };
    const name = read.settings.secretHeader;
    const value = header(delivery, name.toLowerCase());
    if (!value) return { ok: false, reason: `Missing ${name} header (set it as the webhook's secret in DocuSeal)` };
    const index = firstMatch(secrets, (secret) => constantTimeEqual(secret, value));
    return index >= 0
      ? { ok: true, method: 'secret-header', secretIndex: index }
      : { ok: false, reason: `${name} does not match any configured secret` };
  }

  parse(delivery: IncomingDelivery, { settings }: SourceContext): ParsedEvent[] {
    const body = delivery.body.toString('utf8');
    const payload = parseJsonObject(body, 'DocuSeal payload');
    const eventType = payload.event_type;
    if (typeof eventType !== 'string' || !/^[a-z_]+\.[a-z_]+$/.test(eventType)) {
      throw new MalformedDeliveryError('A DocuSeal payload has event_type such as "form.completed"');
    }
    const data = record(payload.data);
    const template = record(data.template);
    const templateId = asId(template.id);
    const email = typeof data.email === 'string' ? data.email : undefined;
    const agreementIds = readDocusealSettings(settings).settings?.agreementTemplateIds ?? [];
    const agreement = eventType === 'form.completed' && templateId !== undefined && agreementIds.includes(templateId);
    const when = asId(data.completed_at) ?? asId(payload.timestamp) ?? '';
    const templateName = typeof template.name === 'string' ? ` "${oneLine(template.name, 80)}"` : '';
    return [
      {
        deliveryId: `${eventType}:${asId(data.id) ?? asId(data.submission_id) ?? '?'}:${when}`.slice(0, 200),
        eventType: agreement ? 'docuseal.agreement.signed' : `docuseal.${eventType}`,
        providerEventType: eventType,
        body,
        description: agreement
          ? oneLine(`Member agreement${templateName} signed by ${email ?? 'an unknown signer'}`, 200)
          : oneLine(`DocuSeal ${eventType}${templateName}${email ? ` by ${email}` : ''}`, 200),
      },
    ];
  }
}
