import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { AuditLog } from '../../../audit/audit-log';
import { AmbientTransaction } from '../../../platform/database/ambient-transaction';
import { WebhookEventsService } from '../../../webhooks/events/webhook-events.service';
import { CommandRunner } from '../interactions/command-runner';
import { uuidOption } from '../interactions/ids';
import { invocation } from '../interactions/invocation';
import { code, COLOURS } from '../render/format';

class ReplayOptions {
  @StringOption({ name: 'event', description: 'The stored webhook event id (a UUID)', required: true, max_length: 100 })
  event!: string;
}

/** `/replay event:<id>` (admins): routes a stored event again, as the events API does. */
@Injectable()
export class ReplayCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly events: WebhookEventsService,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  @SlashCommand({ name: 'replay', description: 'Route a stored webhook event again through the rules (admins)' })
  replay(@Context() [interaction]: SlashCommandContext, @Options() options: ReplayOptions) {
    return this.runner.run(interaction, { name: '/replay', admin: true }, async (actor) => {
      // The replay and its audit event commit together, or neither does.
      const replay = await this.transaction.run(async () => {
        const replayed = await this.events.replay(uuidOption(options.event, 'event'));
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'event.replay',
          target: replayed.eventId,
          data: { ...invocation(interaction), jobId: replayed.jobId },
        });
        return replayed;
      });
      return {
        embeds: [
          {
            title: 'Replaying the event',
            color: COLOURS.busy,
            description: `Event ${code(replay.eventId)} goes through the rules again as routing job ${code(replay.jobId)}.\nFollow it with \`/job id:${replay.jobId}\`.`,
          },
        ],
      };
    });
  }
}
