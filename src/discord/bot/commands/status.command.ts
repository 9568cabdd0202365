import { Injectable } from '@nestjs/common';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { AttentionService } from '../../../status/attention.service';
import { SystemStatusService } from '../../../status/system-status.service';
import { CommandRunner } from '../interactions/command-runner';
import { statusEmbed } from '../render/status-report';

@Injectable()
export class StatusCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly status: SystemStatusService,
    private readonly attention: AttentionService,
  ) {}

  @SlashCommand({
    name: 'status',
    description: 'Queue depth, what needs attention, the last webhook per source, worker heartbeats (admins)',
  })
  show(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/status', admin: true }, async () => ({
      embeds: [statusEmbed(await this.status.read(), await this.attention.read())],
    }));
  }
}
