import { Injectable } from '@nestjs/common';
import { Client } from 'discord.js';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { CommandRunner } from '../interactions/command-runner';

@Injectable()
export class PingCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly client: Client,
  ) {}

  @SlashCommand({ name: 'ping', description: 'Check that Switchyard answers, and how fast' })
  ping(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/ping' }, async () => {
      const heartbeat = this.client.ws.ping;
      const transit = Math.max(0, Date.now() - interaction.createdTimestamp);
      return {
        content: [
          '🏓 Pong!',
          `Gateway heartbeat: ${heartbeat >= 0 ? `${Math.round(heartbeat)} ms` : 'not measured yet'}`,
          `Your command reached Switchyard ${transit} ms after Discord created it.`,
        ].join('\n'),
      };
    });
  }
}
