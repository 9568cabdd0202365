import { Injectable } from '@nestjs/common';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { DiscordLinks } from '../../../auth/discord-links/discord-links';
import { CommandRunner } from '../interactions/command-runner';
import { DiscordAdmins } from '../interactions/discord-admins';

/**
 * `/dashboard` (admins): a one-time sign-in link to the dashboard, seen only by the person who asked.
 * Discord is told not to preview it, so its crawler never fetches the URL.
 */
@Injectable()
export class DashboardCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly admins: DiscordAdmins,
    private readonly links: DiscordLinks,
  ) {}

  @SlashCommand({ name: 'dashboard', description: 'A one-time link that signs you in to the Switchyard dashboard' })
  open(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/dashboard', admin: true, private: true }, async () => {
      // The roles the admin check just read (from the interaction or REST), so issue() needs no REST call.
      const known = await this.admins.adminServerMember(interaction);
      const link = await this.links.issue({ discordUserId: interaction.user.id, known });
      const expires = Math.floor(Date.parse(link.expiresAt) / 1000);
      return {
        content: [
          `🔑 Your sign-in link to the Switchyard dashboard: ${link.url}`,
          `It works once and expires <t:${expires}:R>. Do not share it: whoever opens it is signed in as you.`,
        ].join('\n'),
        ephemeral: true,
        suppressEmbeds: true,
      };
    });
  }
}
