import { GithubProvider } from './github/github.provider';
import type { WebhookProvider } from './webhook-provider';

/** One line per provider. */
const PROVIDERS: WebhookProvider[] = [new GithubProvider()];

export const webhookProviders: ReadonlyMap<string, WebhookProvider> = new Map(PROVIDERS.map((p) => [p.id, p]));
