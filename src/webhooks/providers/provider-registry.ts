import { DocusealProvider } from './docuseal/docuseal.provider';
import { EspocrmProvider } from './espocrm/espocrm.provider';
import { GcalProvider } from './gcal/gcal.provider';
import { GenericProvider } from './generic/generic.provider';
import { GithubProvider } from './github/github.provider';
import { GmailProvider } from './gmail/gmail.provider';
import { GoogleFormsProvider } from './google-forms/google-forms.provider';
import { HubspotProvider } from './hubspot/hubspot.provider';
import { JiraProvider } from './jira/jira.provider';
import { StandardWebhooksProvider } from './standard-webhooks/standard-webhooks.provider';
import type { WebhookProvider } from './webhook-provider';
import { ZammadProvider } from './zammad/zammad.provider';

/** One line per provider. */
const PROVIDERS: WebhookProvider[] = [
  new GithubProvider(),
  new HubspotProvider(),
  new EspocrmProvider(),
  new StandardWebhooksProvider(),
  new JiraProvider(),
  new GenericProvider(),
  new GmailProvider(),
  new GcalProvider(),
  new ZammadProvider(),
  new DocusealProvider(),
  new GoogleFormsProvider(),
];

export const webhookProviders: ReadonlyMap<string, WebhookProvider> = new Map(PROVIDERS.map((p) => [p.id, p]));
