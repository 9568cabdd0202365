import { Injectable } from '@nestjs/common';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { SystemStatusService } from '../../../status/system-status.service';
import { CommandRunner } from '../interactions/command-runner';
import { statusEmbed } from '../render/status-report';

@Injectable()
export class StatusCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly status: SystemStatusService,
  ) {}

  @SlashCommand({
    name: 'status',
    description: 'Queue depth, the oldest waiting job, the last webhook per source, and worker heartbeats (admins)',
  })
  show(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/status', admin: true }, async () => ({
      embeds: [statusEmbed(await this.status.read())],
    }));
  }
}
