import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, type QueueJob, RetryLaterError } from '../../platform/queue/queue-job';
import { OpsAlertWebhookPayload, opsAlertWebhookQueue } from './ops-alert-webhook.queue';

/**
 * Executes the Discord webhook with the alert (`?wait=true`, so Discord answers once the message
 * exists; mentions off). 429 waits for Discord's `retry_after`, 5xx and network errors retry with
 * backoff, other 4xx (a deleted webhook) die with Discord's answer. At least once: a lost answer
 * can post an alert twice.
 */
@Injectable()
export class OpsAlertWebhookHandler {
  constructor(private readonly config: AppConfig) {}

  @JobHandler(opsAlertWebhookQueue)
  async post(job: QueueJob<OpsAlertWebhookPayload>): Promise<{ messageId?: string }> {
    const url = this.config.ops.alertWebhookUrl;
    if (!url) throw new PermanentJobError('OPS_ALERT_WEBHOOK_URL is not set');
    const res = await fetch(`${url}?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ embeds: job.data.embeds, allowed_mentions: { parse: [] } }),
      signal: AbortSignal.any([job.signal, AbortSignal.timeout(15_000)]),
    });
    const text = await res.text();
    if (res.ok) return { messageId: (JSON.parse(text || '{}') as { id?: string }).id };
    if (res.status === 429) {
      const seconds = Number(
        (JSON.parse(text || '{}') as { retry_after?: number }).retry_after ?? res.headers.get('retry-after') ?? 1,
      );
      throw new RetryLaterError(
        `Discord rate limited the alert webhook`,
        new Date(Date.now() + Math.ceil(seconds * 1000)),
      );
    }
    const answer = `Discord answered ${res.status}: ${text.slice(0, 300)}`;
    if (res.status >= 500) throw new Error(answer);
    throw new PermanentJobError(answer);
  }
}
