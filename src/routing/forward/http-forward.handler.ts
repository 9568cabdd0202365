import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { signStandardWebhook } from '../../webhooks/providers/standard-webhooks/standard-webhooks-signature';
import { loadFormattableEvent } from '../rule-store/formattable-event';
import { literalAddressProblem } from './address-policy';
import { postForward } from './forward-request';
import { ForwardRefusedError } from './guarded-lookup';
import { httpForwardQueue, HttpForwardPayload } from './http-forward.queue';

/** Answers that retrying cannot change (408 and 429 are worth retrying; 410 means "stop sending"). */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * `http.forward`: POSTs the event as a Standard Webhooks message. The `webhook-id` is the job id,
 * the same on every retry, so receivers can deduplicate; 2xx completes, 4xx (but 408/429) is
 * dead with the answer kept, 5xx, timeouts and network errors are retried with backoff.
 */
@Injectable()
export class HttpForwardHandler {
  private readonly logger = new Logger('HttpForward');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  @JobHandler(httpForwardQueue)
  async forward(job: QueueJob<HttpForwardPayload>): Promise<{ url: string; status: number }> {
    const { secret, allowPrivateNetworks, timeoutSeconds } = this.config.httpForward;
    if (!secret) throw new PermanentJobError('HTTP_FORWARD_SECRET is not set: set it, then retry this job');
    const url = new URL(job.data.url);
    const literal = allowPrivateNetworks ? undefined : literalAddressProblem(url);
    if (literal) throw new PermanentJobError(`Refused to forward to ${url.host}: ${literal}`);

    const event = await loadFormattableEvent(this.dataSource, job.data.eventId).catch(() => {
      throw new PermanentJobError(`Webhook event ${job.data.eventId} does not exist (pruned?)`);
    });
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const body = Buffer.from(
      JSON.stringify({
        type: event.type,
        timestamp: new Date().toISOString(),
        data: {
          id: event.id,
          source: event.source,
          type: event.type,
          providerType: event.providerType,
          description: event.description,
          payload: event.payload,
        },
      }),
    );
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Switchyard-Forward/1',
      'webhook-id': job.id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signStandardWebhook(secret, job.id, timestamp, body)}`,
    };
    let status: number;
    let excerpt: string;
    try {
      ({ status, excerpt } = await postForward({
        url,
        headers,
        body,
        timeoutMs: timeoutSeconds * 1000,
        allowPrivate: allowPrivateNetworks,
      }));
    } catch (error) {
      if (error instanceof ForwardRefusedError) throw new PermanentJobError(`Refused to forward: ${error.message}`);
      throw new Error(`Forward to ${url.host} failed: ${(error as Error).message}`);
    }
    if (status >= 200 && status < 300) return { url: url.toString(), status };
    const reason = `${url.host} answered ${status}${excerpt ? `: ${excerpt.slice(0, 200)}` : ''}`;
    if (isPermanent(status)) {
      this.logger.warn({ eventId: event.id, ruleId: job.data.ruleId }, `Forward refused for good: ${reason}`);
      throw new PermanentJobError(reason);
    }
    throw new Error(reason);
  }
}
