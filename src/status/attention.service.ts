import { Injectable } from '@nestjs/common';
import { OperatorAlert, OperatorAlerts } from '../alerts/operator-alerts.service';
import { discordPostQueue } from '../discord/delivery/discord-post.queue';
import { ParkedChannel, ParkedChannels } from '../discord/delivery/parked-channels';
import { JobTable, originalKey } from '../platform/queue/job-table';
import { DisabledTarget, ForwardTargets } from '../routing/forward/forward-targets';

/** A channel whose line a dead post holds while the channel is not parked (its retries ran out). */
export interface HeldChannel {
  channelId: string;
  jobId: string;
  since: Date;
  reason: string;
}

/** Everything an operator has to act on; empty lists when all is well. */
export interface Attention {
  alerts: OperatorAlert[];
  parkedChannels: ParkedChannel[];
  heldChannels: HeldChannel[];
  disabledTargets: DisabledTarget[];
}

const reasonOf = (output: unknown): string =>
  output && typeof output === 'object' && 'message' in output ? String((output as { message: unknown }).message) : '';

/**
 * What needs a person, for the dashboard overview and the bot's /status: open operator alerts,
 * parked Discord channels, channels held by a dead post (no channel is blocked silently), and
 * http.forward targets disabled by a 410.
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly alerts: OperatorAlerts,
    private readonly parked: ParkedChannels,
    private readonly targets: ForwardTargets,
    private readonly jobTable: JobTable,
  ) {}

  async read(): Promise<Attention> {
    const [alerts, parkedChannels, holders, disabledTargets] = await Promise.all([
      this.alerts.open(),
      this.parked.list(),
      this.jobTable.deadHolders(discordPostQueue.name),
      this.targets.list(),
    ]);
    const parkedIds = new Set(parkedChannels.map((channel) => channel.channelId));
    const heldChannels = holders
      .filter((holder) => !parkedIds.has(originalKey(holder.key)))
      .map((holder) => ({
        channelId: originalKey(holder.key),
        jobId: holder.id,
        since: holder.completedOn,
        reason: reasonOf(holder.output),
      }));
    return { alerts, parkedChannels, heldChannels, disabledTargets };
  }
}
