import { BadGatewayException, BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { GoogleAccessError } from '../../integrations/google/access/google-access-error';
import { GoogleAccessTokens } from '../../integrations/google/access/google-access-tokens';
import { AppConfig } from '../../platform/config/app-config';
import { GMAIL_SCOPE, tokenRefused } from '../connectors/gmail-messages/gmail-access';
import { readWatch } from '../connectors/gmail-messages/gmail-answers';
import { GmailMessagesSettings, parseGmailSettings } from '../connectors/gmail-messages/gmail-messages-settings';
import { stopUrl, watchUrl } from '../connectors/gmail-messages/gmail-urls';
import { GetLimits, postJson, shownUrl } from '../http/guarded-get';
import { SyncFetchError } from '../http/sync-fetch-error';
import { SyncCredentials } from '../sources/sync-credentials';
import type { SyncSourceRecord } from '../sources/sync-source-record';
import { GmailSources } from './gmail-sources';
import { GmailWatches, GmailWatchView } from './gmail-watches';

export const GMAIL_WATCH_ALERT = 'sync.gmail_watch_failed';

/**
 * What an admin is told when Google refused: the source's credential (a bad key, no delegation) is
 * theirs to fix (400); anything else Gmail answered is a 502 with its reason. Other errors stay.
 */
function refusal(error: unknown, what: string): unknown {
  if (!(error instanceof SyncFetchError)) return error;
  if (error.details.credentials && error.details.status !== 403) {
    return new BadRequestException(`${what}: Google refused the source's credential: ${error.message}`);
  }
  return new BadGatewayException(`${what}: ${error.message}`);
}

/**
 * Gmail's push watch of a gmail-messages source: `users.watch` on its mailbox for its labels,
 * publishing to its `topicName`; Gmail answers the history id and when the watch expires (7 days).
 * Renewed daily by `sync.gmail-watch`, and on demand by an admin (the API, the dashboard).
 */
@Injectable()
export class GmailWatchService {
  private readonly logger = new Logger('GmailWatch');

  constructor(
    private readonly config: AppConfig,
    private readonly sources: GmailSources,
    private readonly watches: GmailWatches,
    private readonly credentials: SyncCredentials,
    private readonly alerts: OperatorAlerts,
    private readonly google: GoogleAccessTokens,
  ) {}

  async get(slug: string): Promise<GmailWatchView | { source: string; watched: false }> {
    await this.source(slug);
    return (await this.watches.get(slug)) ?? { source: slug, watched: false };
  }

  /** An admin's renewal: Gmail's refusal is a 502 with its reason (and nothing is recorded). */
  async renew(slug: string): Promise<GmailWatchView> {
    const record = await this.source(slug);
    const settings = parseGmailSettings(record.settings);
    if (!settings.topicName) {
      throw new BadRequestException(
        `Sync source ${slug} has no topicName: set settings.topicName (a Pub/Sub topic) to have Gmail push`,
      );
    }
    try {
      return await this.watch(record, settings, settings.topicName);
    } catch (error) {
      throw refusal(error, `Gmail did not renew the watch of ${slug}`);
    }
  }

  /** Stops Gmail's pushes for the source's mailbox (`users.stop`) and forgets the watch. */
  async stop(slug: string): Promise<{ source: string; stopped: true }> {
    const record = await this.source(slug);
    const settings = parseGmailSettings(record.settings);
    try {
      await this.post(record, settings, stopUrl(this.config.google.gmailApiUrl, settings), {});
    } catch (error) {
      throw refusal(error, `Gmail did not stop the watch of ${slug}`);
    }
    await this.watches.remove(slug);
    return { source: slug, stopped: true };
  }

  /** The daily renewal of every watched source; one failing is recorded and alerted, the others go on. */
  async renewAll(): Promise<{ renewed: string[]; failed: string[] }> {
    const renewed: string[] = [];
    const failed: string[] = [];
    for (const record of await this.sources.watched()) {
      const settings = parseGmailSettings(record.settings);
      const topic = settings.topicName!;
      try {
        await this.watch(record, settings, topic);
        renewed.push(record.slug);
        await this.alerts.resolve(GMAIL_WATCH_ALERT, record.slug, 'sync');
      } catch (error) {
        const reason = (error as Error).message;
        failed.push(record.slug);
        await this.watches.failed(record.slug, topic, reason);
        await this.alerts.raise({
          kind: GMAIL_WATCH_ALERT,
          subject: record.slug,
          message: `Sync source ${record.slug}: Gmail did not renew its watch (${reason}); pushes stop when it expires`,
          details: { source: record.slug },
        });
      }
    }
    return { renewed, failed };
  }

  private async watch(record: SyncSourceRecord, settings: GmailMessagesSettings, topicName: string) {
    const url = watchUrl(this.config.google.gmailApiUrl, settings);
    const { body } = await this.post(record, settings, url, {
      topicName,
      labelIds: settings.labelIds,
      labelFilterBehavior: 'include',
    });
    let answer;
    try {
      answer = readWatch(body);
    } catch (error) {
      throw new SyncFetchError(`${shownUrl(url)}: ${(error as Error).message}`);
    }
    const view = await this.watches.renewed(record.slug, topicName, answer.historyId, new Date(answer.expiration));
    this.logger.log(`${record.slug}: Gmail watches ${settings.mailbox} until ${view.expiresAt?.toISOString()}`);
    return view;
  }

  /** A POST as the mailbox's user; a token Gmail refuses is renewed once. */
  private async post(record: SyncSourceRecord, settings: GmailMessagesSettings, url: URL, body: unknown) {
    const send = async (renew: boolean) =>
      postJson(url, body, await this.headers(record, settings, renew), this.limits());
    try {
      return await send(false);
    } catch (error) {
      if (!tokenRefused(error)) throw error;
      return send(true);
    }
  }

  /** The source's service account acting as the mailbox's user; Google's refusal as a SyncFetchError. */
  private async headers(
    record: SyncSourceRecord,
    settings: GmailMessagesSettings,
    renew: boolean,
  ): Promise<Record<string, string>> {
    try {
      const token = await this.google.accessToken(this.credentials.open(record), {
        scopes: [GMAIL_SCOPE],
        subject: settings.mailbox,
        renew,
      });
      return { authorization: `Bearer ${token}` };
    } catch (error) {
      if (error instanceof GoogleAccessError) throw new SyncFetchError(error.message, error.details);
      throw error;
    }
  }

  private limits(): GetLimits {
    const { allowPrivateNetworks, httpTimeoutSeconds, maxResponseBytes } = this.config.sync;
    return {
      allowPrivate: allowPrivateNetworks,
      timeoutMs: httpTimeoutSeconds * 1000,
      deadlineMs: httpTimeoutSeconds * 2000,
      maxBytes: maxResponseBytes,
      retryAfterMaxSeconds: 3600,
    };
  }

  private async source(slug: string): Promise<SyncSourceRecord> {
    const record = await this.sources.get(slug);
    if (!record) throw new NotFoundException(`No gmail-messages sync source "${slug}"`);
    return record;
  }
}
