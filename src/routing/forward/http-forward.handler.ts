import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob, RetryLaterError } from '../../platform/queue/queue-job';
import { signStandardWebhook } from '../../webhooks/providers/standard-webhooks/standard-webhooks-signature';
import { loadFormattableEvent } from '../rule-store/formattable-event';
import { literalAddressProblem } from './address-policy';
import { postForward } from './forward-request';
import { ForwardTargets, howToEnable } from './forward-targets';
import { ForwardRefusedError } from './guarded-lookup';
import { httpForwardQueue, HttpForwardPayload } from './http-forward.queue';
import { retryAfter } from './retry-after';

/** Answers that retrying cannot change (408 and 429 are worth retrying; 410 disables the target). */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * `http.forward`: POSTs the event as a Standard Webhooks message. The `webhook-id` is the job id,
 * the same on every retry, so receivers can deduplicate; 2xx completes; 410 Gone disables the URL
 * (an operator alert; later forwards to it die at once until it is enabled again); other 4xx (but
 * 408/429) are dead with the answer kept; 5xx, 408, 429, timeouts and network errors are retried,
 * at the receiver's Retry-After when it sends one (capped), else with backoff.
 */
@Injectable()
export class HttpForwardHandler {
  private readonly logger = new Logger('HttpForward');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly targets: ForwardTargets,
  ) {}

  @JobHandler(httpForwardQueue)
  async forward(job: QueueJob<HttpForwardPayload>): Promise<{ url: string; status: number }> {
    const settings = this.config.httpForward;
    const { secret, allowPrivateNetworks } = settings;
    if (!secret) throw new PermanentJobError('HTTP_FORWARD_SECRET is not set: set it, then retry this job');
    const url = new URL(job.data.url);
    const disabled = await this.targets.find(job.data.url);
    if (disabled) {
      throw new PermanentJobError(
        `Forwarding to ${job.data.url} is disabled since ${disabled.disabledAt.toISOString()} (${disabled.reason}); ${howToEnable(job.data.url)}, then redrive this job`,
      );
    }
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
    let answer: Awaited<ReturnType<typeof postForward>>;
    try {
      answer = await postForward({
        url,
        headers,
        body,
        timeoutMs: settings.timeoutSeconds * 1000,
        deadlineMs: settings.deadlineSeconds * 1000,
        maxResponseBytes: settings.maxResponseBytes,
        allowPrivate: allowPrivateNetworks,
        signal: job.signal,
      });
    } catch (error) {
      if (error instanceof ForwardRefusedError) throw new PermanentJobError(`Refused to forward: ${error.message}`);
      throw new Error(`Forward to ${url.host} failed: ${(error as Error).message}`);
    }
    const { status, excerpt } = answer;
    if (status >= 200 && status < 300) return { url: url.toString(), status };
    const reason = `${url.host} answered ${status}${excerpt ? `: ${excerpt.slice(0, 200)}` : ''}`;
    const context = { eventId: event.id, ruleId: job.data.ruleId };
    if (status === 410) {
      this.logger.warn(context, `Forward target gone, disabling it: ${reason}`);
      await this.targets.disable(job.data.url, status, reason, job.id);
      throw new PermanentJobError(
        `${reason}; forwarding to ${job.data.url} is now disabled: ${howToEnable(job.data.url)}`,
      );
    }
    if (isPermanent(status)) {
      this.logger.warn(context, `Forward refused for good: ${reason}`);
      throw new PermanentJobError(reason);
    }
    const header = answer.headers['retry-after'];
    const at = retryAfter(Array.isArray(header) ? header[0] : header, settings.retryAfterMaxSeconds);
    if (at) throw new RetryLaterError(`${reason} (Retry-After: retrying at ${at.toISOString()})`, at);
    throw new Error(reason);
  }
}
