import { randomUUID } from 'node:crypto';
import { BadGatewayException, BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { AuditLog } from '../../audit/audit-log';
import { GoogleAccessError } from '../../integrations/google/access/google-access-error';
import { GoogleAccessTokens } from '../../integrations/google/access/google-access-tokens';
import { ServiceRefusedError } from '../../integrations/http/service-errors';
import { AppConfig } from '../../platform/config/app-config';
import { WebhookSources } from '../../webhooks/sources/webhook-sources';
import { CALENDAR_SCOPE, parseGoogleCalendarSettings } from '../connectors/google-calendar/google-calendar-settings';
import { SyncPushRequests } from '../runs/sync-push-requests';
import { SyncCredentials } from '../sources/sync-credentials';
import { SOURCE_COLUMNS, SyncSourceRecord } from '../sources/sync-source-record';
import { CalendarChannel, CalendarChannels } from './calendar-channels';
import { CalendarWatchApi } from './calendar-watch-api';

/** How long a channel is asked for (Google may give less). */
export const WATCH_SECONDS = 7 * 24 * 3600;
/** A channel expiring within this is renewed by the hourly pass. */
export const RENEW_BEFORE_SECONDS = 24 * 3600;
/** Google's limit on a channel's `token`. */
const MAX_TOKEN_LENGTH = 256;
export const WATCH_FAILED_ALERT = 'sync.calendar_watch_failed';

export interface WatchAnswer {
  slug: string;
  channel: CalendarChannel;
  /** The channels this renewal stopped (the ones it replaced). */
  stopped: string[];
}

/** Who asked: an admin through the API or dashboard (audited by the route) or the hourly pass (audited here). */
type Caller = 'admin' | 'schedule';

/**
 * Google Calendar watch channels of google-calendar sync sources. A channel is opened with
 * `events.watch` towards the source's `pushSource` (a `gcal` webhook source: the address is
 * PUBLIC_BASE_URL/webhooks/<pushSource>, the token its newest secret) and, as Google never renews
 * one, replaced before it expires: the new channel first, then `channels.stop` for the old ones.
 */
@Injectable()
export class CalendarWatches {
  private readonly logger = new Logger('CalendarWatch');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: CalendarChannels,
    private readonly credentials: SyncCredentials,
    private readonly webhookSources: WebhookSources,
    private readonly tokens: GoogleAccessTokens,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly alerts: OperatorAlerts,
    private readonly pushes: SyncPushRequests,
  ) {}

  async list(slug: string): Promise<{ slug: string; channels: CalendarChannel[] }> {
    await this.source(slug);
    return { slug, channels: await this.channels.list(slug) };
  }

  /** Opens a new channel for the source and stops the ones it had. */
  async renew(slug: string, caller: Caller = 'admin', signal?: AbortSignal): Promise<WatchAnswer> {
    const source = await this.source(slug);
    const settings = parseGoogleCalendarSettings(source.settings);
    if (!settings.pushSource) {
      throw new BadRequestException(
        `Sync source ${slug} has no settings.pushSource: name the gcal webhook source its notifications go to`,
      );
    }
    const address = this.address(settings.pushSource);
    const token = await this.channelToken(settings.pushSource);
    const api = await this.api(source, signal);
    const opened = await this.google(() =>
      api.watch(
        settings.calendarId,
        {
          id: `switchyard-${randomUUID()}`,
          type: 'web_hook',
          address,
          token,
          expiration: String(Date.now() + WATCH_SECONDS * 1000),
        },
        signal,
      ),
    );
    const channel = {
      id: opened.id,
      source: slug,
      calendarId: settings.calendarId,
      resourceId: opened.resourceId,
      resourceUri: opened.resourceUri ?? null,
      address,
      expiresAt: new Date(opened.expiration),
    };
    const replaced = (await this.channels.open(slug)).filter((c) => c.id !== channel.id);
    const stopped = await this.stopAll(api, replaced, signal);
    await this.dataSource.transaction(async (manager) => {
      await this.channels.add(channel, manager);
      await this.pushes.expect(manager.queryRunner!, slug);
      await this.channels.stopped(stopped, manager);
      if (caller === 'schedule') {
        await this.audit.record(
          {
            source: 'system',
            actor: { id: 'system', name: 'calendar watch renewal' },
            action: 'sync.watch_renew',
            target: slug,
            data: { channel: channel.id, expiresAt: channel.expiresAt.toISOString(), stopped },
          },
          manager,
        );
      }
    });
    await this.alerts.resolve(WATCH_FAILED_ALERT, slug, 'sync').catch(() => undefined);
    const [stored] = (await this.channels.list(slug, 1)).filter((c) => c.id === channel.id);
    return { slug, channel: stored!, stopped };
  }

  /** Stops every channel the source has open: no more pushes, the schedule still polls. */
  async stop(slug: string, signal?: AbortSignal): Promise<{ slug: string; stopped: string[] }> {
    const source = await this.source(slug);
    const open = await this.channels.open(slug);
    if (open.length === 0) return { slug, stopped: [] };
    const stopped = await this.stopAll(await this.api(source, signal), open, signal);
    await this.channels.stopped(stopped, this.dataSource.manager);
    return { slug, stopped };
  }

  /** The hourly pass: every watching source whose channel expires within a day, or that has none. */
  async renewDue(signal?: AbortSignal): Promise<{ renewed: string[]; failed: { source: string; reason: string }[] }> {
    const renewed: string[] = [];
    const failed: { source: string; reason: string }[] = [];
    for (const slug of await this.channels.due(RENEW_BEFORE_SECONDS)) {
      signal?.throwIfAborted();
      try {
        await this.renew(slug, 'schedule', signal);
        renewed.push(slug);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failed.push({ source: slug, reason });
        this.logger.warn(`${slug}: the watch channel was not renewed: ${reason}`);
        await this.alerts
          .raise({
            kind: WATCH_FAILED_ALERT,
            subject: slug,
            message: `Sync source ${slug}: its Google Calendar watch channel was not renewed: ${reason}`,
            details: { source: slug },
          })
          .catch(() => undefined);
      }
    }
    return { renewed, failed };
  }

  /** Stops each channel; one Google no longer knows counts as stopped. Returns the stopped ids. */
  private async stopAll(api: CalendarWatchApi, channels: CalendarChannel[], signal?: AbortSignal): Promise<string[]> {
    const stopped: string[] = [];
    for (const channel of channels) {
      try {
        await api.stop(channel, signal);
        stopped.push(channel.id);
      } catch (error) {
        if (error instanceof ServiceRefusedError && error.status === 404) {
          stopped.push(channel.id);
          continue;
        }
        // It expires on its own; its pushes meanwhile only ask for runs that collapse.
        this.logger.warn(`Channel ${channel.id} of ${channel.source} was not stopped: ${String(error)}`);
      }
    }
    return stopped;
  }

  private async source(slug: string): Promise<SyncSourceRecord> {
    const [source] = await this.dataSource.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources WHERE slug = $1`,
      [slug],
    );
    if (!source) throw new NotFoundException(`No sync source "${slug}"`);
    if (source.connector !== 'google-calendar') {
      throw new BadRequestException(`Sync source ${slug} is not a google-calendar source (it is ${source.connector})`);
    }
    return source;
  }

  /** Where Google posts: Switchyard's public ingest URL for the gcal source (Google requires https). */
  private address(pushSource: string): string {
    const base = this.config.auth.publicBaseUrl;
    if (!base?.startsWith('https://')) {
      throw new BadRequestException(
        'Google Calendar only pushes to https addresses: set PUBLIC_BASE_URL to the https address Google reaches Switchyard at',
      );
    }
    return `${base}/webhooks/${encodeURIComponent(pushSource)}`;
  }

  /** The gcal source's newest secret: Google echoes it as X-Goog-Channel-Token, the provider compares it. */
  private async channelToken(pushSource: string): Promise<string> {
    const webhookSource = await this.webhookSources.find(pushSource);
    if (!webhookSource) throw new BadRequestException(`settings.pushSource: no webhook source "${pushSource}"`);
    if (webhookSource.provider.id !== 'gcal') {
      throw new BadRequestException(
        `settings.pushSource: webhook source ${pushSource} is a ${webhookSource.provider.id} source, not gcal`,
      );
    }
    const token = webhookSource.secrets[0];
    if (!token) throw new BadRequestException(`settings.pushSource: webhook source ${pushSource} has no valid secret`);
    if (token.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
      throw new BadRequestException(
        `settings.pushSource: the secret of ${pushSource} cannot be a channel token (at most ${MAX_TOKEN_LENGTH} printable characters); rotate it`,
      );
    }
    return token;
  }

  private async api(source: SyncSourceRecord, signal?: AbortSignal): Promise<CalendarWatchApi> {
    const { subject } = parseGoogleCalendarSettings(source.settings);
    const accessToken = await this.google(() =>
      this.tokens.accessToken(this.credentials.open(source), { scopes: [CALENDAR_SCOPE], subject }, signal),
    );
    return new CalendarWatchApi(this.config.google.calendarApiUrl, accessToken);
  }

  /** Google's refusals as 400 with its reason (the source's setup is wrong), its outages as 502. */
  private async google<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GoogleAccessError) {
        if (error.details.credentials) throw new BadRequestException(`Google access: ${error.message}`);
        throw new BadGatewayException(`Google access: ${error.message}`);
      }
      if (error instanceof ServiceRefusedError) throw new BadRequestException(error.message);
      if (error instanceof Error && error.name === 'ServiceUnavailableError')
        throw new BadGatewayException(error.message);
      throw error;
    }
  }
}
