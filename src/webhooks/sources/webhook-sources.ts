import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { webhookProviders } from '../providers/provider-registry';
import type { SourceContext, WebhookProvider } from '../providers/webhook-provider';

export interface WebhookSource extends SourceContext {
  provider: WebhookProvider;
}

/**
 * The sources deliveries may arrive for, by the slug in `/webhooks/<slug>`. Seeded from the
 * environment (GITHUB_WEBHOOK_SECRET → `github`).
 */
@Injectable()
export class WebhookSources {
  private readonly bySlug = new Map<string, WebhookSource>();

  constructor(config: AppConfig) {
    if (config.webhooks.githubSecrets.length > 0) {
      this.bySlug.set('github', {
        slug: 'github',
        provider: webhookProviders.get('github')!,
        secrets: config.webhooks.githubSecrets,
        settings: {},
      });
    }
  }

  find(slug: string): WebhookSource | undefined {
    return this.bySlug.get(slug);
  }

  slugs(): string[] {
    return [...this.bySlug.keys()];
  }
}
