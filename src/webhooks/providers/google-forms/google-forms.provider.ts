import { oneLine } from '../event-text';
import { assertJsonContentType, parseJsonObject } from '../json-body';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { readGoogleFormsSettings } from './google-forms-settings';
import { verifySha256SignatureHeader } from '../sha256-signature-header';

/**
 * Google Forms responses (an intake form), sent by the form's Apps Script `onFormSubmit` trigger as
 * JSON `{formId, responseId, submittedAt, respondentEmail?, answers: {question: answer}}` with
 * `X-Forms-Signature: sha256=<hex HMAC-SHA256(secret, body)>` (Apps Script:
 * `Utilities.computeHmacSha256Signature`). Only forms listed in `formIds` are accepted; each
 * response is `google-forms.response.submitted`, once per response id.
 */
export class GoogleFormsProvider implements WebhookProvider {
  readonly id = 'google-forms';

  validateSettings(settings: Record<string, unknown>): string[] {
    return readGoogleFormsSettings(settings).problems;
  }

  assertContentType(contentType: string | undefined): void {
    assertJsonContentType(contentType, 'Google Forms');
  }

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    return verifySha256SignatureHeader(delivery, secrets, 'X-Forms-Signature');
  }

  parse(delivery: IncomingDelivery, { settings }: SourceContext): ParsedEvent[] {
    const body = delivery.body.toString('utf8');
    const payload = parseJsonObject(body, 'Google Forms payload');
    const { formId, responseId, respondentEmail, answers } = payload;
    if (typeof formId !== 'string' || typeof responseId !== 'string' || !responseId) {
      throw new MalformedDeliveryError('A Google Forms payload has formId and responseId (strings)');
    }
    const allowed = readGoogleFormsSettings(settings).settings?.formIds ?? [];
    if (!allowed.includes(formId)) {
      throw new MalformedDeliveryError(`Form ${oneLine(formId, 100)} is not in this source's formIds`);
    }
    if (answers !== undefined && (answers === null || typeof answers !== 'object' || Array.isArray(answers))) {
      throw new MalformedDeliveryError('answers must be an object of question → answer');
    }
    const who = typeof respondentEmail === 'string' ? ` from ${respondentEmail}` : '';
    return [
      {
        deliveryId: `${formId}:${responseId}`.slice(0, 200),
        eventType: 'google-forms.response.submitted',
        providerEventType: 'response',
        body,
        description: oneLine(`Form response${who} (${Object.keys(answers ?? {}).length} answers)`, 200),
      },
    ];
  }
}
