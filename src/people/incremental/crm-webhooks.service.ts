import { BadGatewayException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { publicBaseUrl } from '../../auth/public-url';
import { AppConfig } from '../../platform/config/app-config';
import { WebhookSourcesService } from '../../webhooks/sources/webhook-sources.service';
import { EspoClients } from '../crm/espo-clients';
import { EspoRequestError, EspoUnavailableError } from '../crm/espo-error';

const EVENTS = ['create', 'update', 'delete'] as const;

export interface RegisteredWebhook {
  event: string;
  source: string;
  url: string;
  espoWebhookId: string;
}

/**
 * Registers Switchyard's contact webhooks in EspoCRM through its API (`POST Webhook`): one EspoCRM
 * webhook per event (`Contact.create`, `.update`, `.delete`), each delivering to its own `espocrm`
 * source (`espocrm-contact-<action>`, reached as `/webhooks/espocrm/contact-<action>`), whose
 * secret is the one EspoCRM returned. Registering again replaces the webhooks (the old EspoCRM
 * webhook is deleted, the new secret replaces the old at once).
 */
@Injectable()
export class CrmWebhooksService {
  constructor(
    private readonly config: AppConfig,
    private readonly sources: WebhookSourcesService,
    private readonly clients: EspoClients,
  ) {}

  async register(baseUrl = publicBaseUrl(this.config)): Promise<RegisteredWebhook[]> {
    if (!this.clients.configured)
      throw new ServiceUnavailableException('EspoCRM is not configured: set ESPO_BASE_URL and ESPO_API_KEY');
    const espo = this.clients.client();
    const registered: RegisteredWebhook[] = [];
    for (const action of EVENTS) {
      const event = `Contact.${action}`;
      const slug = `espocrm-contact-${action}`;
      const url = `${baseUrl.replace(/\/+$/, '')}/webhooks/espocrm/contact-${action}`;
      const existing = await this.sources.get(slug).catch(() => undefined);
      const hook = await espo.createWebhook(event, url).catch(explain);
      const sourceSettings = { event, webhookId: hook.id };
      if (existing) {
        const previous = existing.settings.webhookId;
        await this.sources.update(slug, { settings: sourceSettings });
        await this.sources.rotate(slug, { secret: hook.secretKey, previousValidForSeconds: 0 });
        if (typeof previous === 'string' && previous !== hook.id) {
          await espo.deleteWebhook(previous).catch(() => undefined);
        }
      } else {
        await this.sources.create({ slug, provider: 'espocrm', secret: hook.secretKey, settings: sourceSettings });
      }
      registered.push({ event, source: slug, url, espoWebhookId: hook.id });
    }
    return registered;
  }
}

/** EspoCRM's refusal or outage as the caller's answer: 502 with EspoCRM's reason. */
function explain(error: unknown): never {
  if (error instanceof EspoRequestError || error instanceof EspoUnavailableError) {
    throw new BadGatewayException(error.message);
  }
  throw error;
}
