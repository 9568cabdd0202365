import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { publicBaseUrl } from '../../auth/public-url';
import { AppConfig } from '../../platform/config/app-config';
import { syncConnectors } from '../../sync/connectors/connector-registry';
import { GMAIL_CONNECTOR } from '../../sync/gmail/gmail-sources';
import { GmailWatches } from '../../sync/gmail/gmail-watches';
import { CalendarChannels } from '../../sync/google-calendar/calendar-channels';
import { SyncSourcesService } from '../../sync/sources/sync-sources.service';
import { webhookProviders } from '../../webhooks/providers/provider-registry';
import { SourceView, WebhookSourcesService } from '../../webhooks/sources/webhook-sources.service';
import type { FormProblems } from '../forms/form-problems';

const PROVIDERS = [...webhookProviders.keys()];
const CONNECTORS = [...syncConnectors.values()].map((c) => ({ id: c.id, description: c.description }));

export interface SourceForm {
  slug: string;
  provider: string;
  settings: string;
}

export interface SyncSourceForm {
  slug: string;
  connector: string;
  settings: string;
  intervalSeconds: string;
}

const EMPTY_SYNC_FORM: SyncSourceForm = { slug: '', connector: 'json', settings: '', intervalSeconds: '900' };

/** How a run's time and a source's interval read on the page. */
const every = (seconds: number) =>
  seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;

/** The Sources page: webhook sources and polled (sync) sources, each with its add form. */
@Injectable()
export class SourcesPage {
  constructor(
    private readonly sources: WebhookSourcesService,
    private readonly syncSources: SyncSourcesService,
    private readonly config: AppConfig,
    private readonly calendarChannels: CalendarChannels,
    private readonly gmailWatches: GmailWatches,
  ) {}

  async model(
    req: Request,
    forms: {
      form?: SourceForm;
      problems?: FormProblems;
      syncForm?: SyncSourceForm;
      syncProblems?: FormProblems;
    } = {},
  ) {
    const refused = await this.syncSources.refusals();
    const syncSources = await this.syncSources.list();
    const channels = await this.calendarChannels.newestOpen(
      syncSources.filter((s) => s.connector === 'google-calendar').map((s) => s.slug),
    );
    const watches = await this.gmailWatches.all();
    return {
      title: 'Sources',
      section: 'sources' as const,
      sources: (await this.sources.list()).map((s) => this.withUrl(req, s)),
      syncSources: syncSources.map((s) => ({
        ...s,
        every: every(s.intervalSeconds),
        deletionsRefused: refused.has(s.slug),
        // A google-calendar source pushed to by a gcal source: its watch channel, if one is open.
        watch:
          s.connector === 'google-calendar' && typeof s.settings.pushSource === 'string'
            ? { pushSource: s.settings.pushSource, channel: channels.get(s.slug) ?? null }
            : null,
        // A gmail-messages source: its topic (the watch needs one) and its push watch, if any.
        gmailWatch:
          s.connector === GMAIL_CONNECTOR
            ? { topic: s.settings.topicName ?? null, watch: watches.get(s.slug) ?? null }
            : null,
      })),
      providers: PROVIDERS,
      connectors: CONNECTORS,
      exampleUrl: `${publicBaseUrl(this.config, req)}/webhooks/<slug>`,
      form: forms.form ?? { slug: '', provider: 'github', settings: '' },
      problems: forms.problems?.messages ?? null,
      syncForm: forms.syncForm ?? EMPTY_SYNC_FORM,
      syncProblems: forms.syncProblems?.messages ?? null,
    };
  }

  /** The source with the absolute URL to paste into the provider (PUBLIC_BASE_URL, as sign-in links use). */
  withUrl(req: Request, source: SourceView) {
    return { ...source, absoluteUrl: `${publicBaseUrl(this.config, req)}${source.url}` };
  }
}
