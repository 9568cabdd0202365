import { Injectable, Logger } from '@nestjs/common';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { JobTable } from '../../platform/queue/job-table';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import type { DiscordMessage } from './discord-message';
import { discordPostQueue, DiscordPostPayload } from './discord-post.queue';
import { classifyDiscordError } from './discord-refusal';
import { DiscordRestClient } from './discord-rest.client';
import { messageNonce } from './nonce';
import { ParkedChannels } from './parked-channels';
import { PartRecord, PostedParts } from './posted-parts';
import { PostPlans } from './post-plans';
import { SentMessageFinder } from './sent-message-finder';

export interface DiscordPostResult {
  channelId: string;
  messageIds: string[];
  /** Queued posts of the channel this job posted too (each completed with `coalescedInto`). */
  carried?: string[];
}

/**
 * `discord.post`: posts a job's plan (its messages and, when the channel has a backlog, those of
 * the posts queued behind it, see PostPlans) part by part. Each part is written to the ledger
 * (PostedParts) before it is sent and gets its message id as soon as Discord answers, so no
 * attempt re-sends a part Discord accepted. A part sent earlier without an answer on record is sent
 * again with the same nonce while Discord still de-duplicates it (DISCORD_NONCE_WINDOW_SECONDS),
 * and looked for in the channel after that.
 */
/** The alert of a channel whose line a post holds after its retries ran out. */
const HELD = 'discord.channel_held';

@Injectable()
export class DiscordPostHandler {
  private readonly logger = new Logger('DiscordPost');

  constructor(
    private readonly discord: DiscordRestClient,
    private readonly plans: PostPlans,
    private readonly parts: PostedParts,
    private readonly finder: SentMessageFinder,
    private readonly parked: ParkedChannels,
    private readonly jobTable: JobTable,
    private readonly alerts: OperatorAlerts,
    private readonly config: AppConfig,
  ) {}

  @JobHandler(discordPostQueue)
  async post(job: QueueJob<DiscordPostPayload>): Promise<DiscordPostResult> {
    const { channelId } = job.data;
    if (!this.discord.configured) {
      const reason = 'Discord is not configured: set DISCORD_BOT_TOKEN, then redrive the dead posts';
      await this.alerts.raise({ kind: 'discord.not_configured', subject: 'discord', message: reason });
      throw new PermanentJobError(reason);
    }
    const parking = await this.parked.find(channelId);
    // The post holding a parked channel may try again (redriven by hand); any other waits behind it.
    if (parking && parking.jobId !== job.id) {
      await this.parked.heldBy(channelId, job.id);
      throw new PermanentJobError(
        `Discord channel ${channelId} is parked since ${parking.parkedAt.toISOString()} (${parking.reason}); ` +
          'this post and those behind it are delivered once it is unparked',
      );
    }
    const plan = (await this.plans.load(job.id)) ?? (await this.plans.make(job));
    const ledger = await this.parts.of(job.id);
    const messageIds: string[] = [];
    const refused: string[] = [];
    for (const [index, part] of plan.parts.entries()) {
      const known = ledger.get(index);
      if (known?.messageId) {
        messageIds.push(known.messageId);
        continue;
      }
      try {
        messageIds.push(await this.deliver(job, index, part.message, known));
      } catch (error) {
        const refusal = classifyDiscordError(error, channelId);
        if (refusal.scope === 'transient') {
          if (job.lastAttempt) await this.raiseHeld(job, refusal.error);
          throw refusal.error;
        }
        this.logger.warn({ jobId: job.id, part: index }, refusal.reason);
        if (refusal.scope === 'channel') {
          await this.parked.park(channelId, refusal.reason, job.id);
          throw new PermanentJobError(refusal.reason);
        }
        refused.push(`part ${index + 1} of ${plan.parts.length} (jobs ${part.jobIds.join(', ')}): ${refusal.reason}`);
      }
    }
    if (refused.length > 0) {
      // Refused for what it says, not where: the channel moves on; this job stays dead and visible.
      await this.jobTable.moveAside(discordPostQueue.name, job.id, job.retryCount);
      throw new PermanentJobError(`Discord refused ${refused.join('; ')}`);
    }
    if (parking) await this.parked.release(channelId, `job ${job.id} got through`);
    await this.alerts.resolve(HELD, channelId, `job ${job.id} got through`);
    return { channelId, messageIds, ...(plan.carried.length > 0 ? { carried: plan.carried } : {}) };
  }

  /** The post dies with its retries used up and holds its channel's line: say so until the channel moves. */
  private async raiseHeld(job: QueueJob<DiscordPostPayload>, error: Error): Promise<void> {
    const { channelId } = job.data;
    await this.alerts.raise({
      kind: HELD,
      subject: channelId,
      message:
        `Discord channel ${channelId} is held by dead post ${job.id} after ${job.retryCount + 1} attempts ` +
        `(${error.message}); retry it to deliver it and the posts behind it, or discard it`,
      details: { jobId: job.id },
    });
  }

  /** Sends one part (or finds it already sent) and records its message; the message id. */
  private async deliver(
    job: QueueJob<DiscordPostPayload>,
    index: number,
    message: DiscordMessage,
    known: PartRecord | undefined,
  ): Promise<string> {
    const { channelId } = job.data;
    const nonce = messageNonce(job.id, index);
    job.signal.throwIfAborted();
    if (!known) {
      await this.parts.sending(job.id, index, channelId, nonce);
    } else if (Date.now() - known.sentAt.getTime() >= this.config.discord.nonceWindowSeconds * 1000) {
      const found = await this.finder.find(channelId, message, known.sentAt, job.signal);
      if (found && 'messageId' in found) {
        await this.parts.posted(job.id, index, found.messageId);
        return found.messageId;
      }
      if (found) this.logger.warn({ jobId: job.id, part: index }, `Sending again unchecked: ${found.unknowable}`);
      await this.parts.resending(job.id, index);
    }
    const posted = await this.discord.postMessage(channelId, message, nonce, job.signal);
    await this.parts.posted(job.id, index, posted.id);
    return posted.id;
  }
}
