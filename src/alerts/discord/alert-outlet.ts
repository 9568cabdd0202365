import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { publicBaseUrl } from '../../auth/public-url';
import { DiscordOutbox } from '../../discord/delivery/discord-outbox';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { AlertNotice, alertButtons, alertEmbed } from './alert-message';
import { opsAlertWebhookQueue } from './ops-alert-webhook.queue';

/**
 * Where alerts go: OPS_ALERT_CHANNEL_ID through the bot's Discord delivery (`discord.post`: once and
 * in order, with buttons), else OPS_ALERT_WEBHOOK_URL (no buttons: a webhook message cannot have
 * any; a link to the dashboard instead). Enqueued in the caller's transaction.
 */
@Injectable()
export class AlertOutlet {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: DiscordOutbox,
    private readonly jobs: JobQueue,
  ) {}

  get configured(): boolean {
    return Boolean(this.config.ops.alertChannelId || this.config.ops.alertWebhookUrl);
  }

  async send(runner: QueryRunner, alertId: string, notice: AlertNotice): Promise<void> {
    const { alertChannelId, alertWebhookUrl } = this.config.ops;
    if (alertChannelId) {
      await this.outbox.enqueue(
        { channelId: alertChannelId, embeds: [alertEmbed(notice)], components: alertButtons(alertId, notice) },
        { transaction: runner },
      );
    } else if (alertWebhookUrl) {
      const base = publicBaseUrl(this.config);
      const link = base ? `Open the dashboard: ${base}${notice.dashboardPath}` : undefined;
      await this.jobs.send(
        opsAlertWebhookQueue,
        { embeds: [alertEmbed(notice, link)] },
        { transaction: runner, orderingKey: 'ops-alert-webhook' },
      );
    }
  }
}
