import type { DiscordEmbed } from '../../discord/delivery/discord-message';
import { defineQueue } from '../../platform/queue/queue-definition';

export interface OpsAlertWebhookPayload {
  embeds: DiscordEmbed[];
}

/** Alerts to OPS_ALERT_WEBHOOK_URL (teams without a bot), one at a time, in order. */
export const opsAlertWebhookQueue = defineQueue<OpsAlertWebhookPayload>('ops.alert-webhook', {
  policy: 'key_strict_fifo',
});
