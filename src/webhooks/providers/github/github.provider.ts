import { isJsonMediaType, mediaType, parseJsonObject } from '../json-body';
import {
  IncomingDelivery,
  MalformedDeliveryError,
  ParsedEvent,
  SourceContext,
  UnsupportedContentTypeError,
  Verification,
  WebhookProvider,
} from '../webhook-provider';
import { describeGithubEvent } from './github-description';
import { ProjectsV2ItemEnricher } from './projects/projects-v2-item.enricher';
import { verifySha256SignatureHeader } from '../sha256-signature-header';

const FORM = 'application/x-www-form-urlencoded';
const header = (delivery: IncomingDelivery, name: string): string | undefined => {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`, event from
 * `X-GitHub-Event`, delivery id from `X-GitHub-Delivery`. Hooks may send JSON or a form with a
 * `payload` field; both are accepted. Projects (v2) item events are enriched before routing.
 */
export class GithubProvider implements WebhookProvider {
  readonly id = 'github';
  readonly enricher = new ProjectsV2ItemEnricher();

  assertContentType(contentType: string | undefined): void {
    const type = mediaType(contentType);
    if (!isJsonMediaType(type) && type !== FORM) {
      throw new UnsupportedContentTypeError(
        `GitHub deliveries are application/json or ${FORM}, not "${type || 'none'}"`,
      );
    }
  }

  verify(delivery: IncomingDelivery, { secrets }: SourceContext): Verification {
    return verifySha256SignatureHeader(delivery, secrets, 'X-Hub-Signature-256');
  }

  parse(delivery: IncomingDelivery): ParsedEvent[] {
    const event = header(delivery, 'x-github-event');
    const deliveryId = header(delivery, 'x-github-delivery');
    if (!event) throw new MalformedDeliveryError('Missing X-GitHub-Event header');
    if (!deliveryId) throw new MalformedDeliveryError('Missing X-GitHub-Delivery header');
    if (!/^[\w.-]{1,100}$/.test(event)) throw new MalformedDeliveryError('X-GitHub-Event is not an event name');
    const body = this.jsonText(delivery);
    const payload = parseJsonObject(body, 'GitHub payload');
    const action =
      typeof payload.action === 'string' && /^[\w-]{1,64}$/.test(payload.action) ? payload.action : undefined;
    return [
      {
        deliveryId: deliveryId.slice(0, 200),
        eventType: action ? `github.${event}.${action}` : `github.${event}`,
        providerEventType: event,
        body,
        description: describeGithubEvent(event, action, payload),
      },
    ];
  }

  private jsonText(delivery: IncomingDelivery): string {
    const text = delivery.body.toString('utf8');
    if (mediaType(delivery.headers['content-type']) !== FORM) return text;
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) throw new MalformedDeliveryError('Form-encoded GitHub delivery has no "payload" field');
    return payload;
  }
}
