import { escapeMarkdown } from 'discord.js';
import { Injectable } from '@nestjs/common';
import { Context, SlashCommand, type SlashCommandContext } from 'necord';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { CommandRunner } from '../../interactions/command-runner';
import { GuildMembers } from './guild-members';
import { teamOnly } from './team-only';

/** Lines listed at most; the rest are counted. */
const SHOWN = 20;

/** `/unlinked-discord-users` (admins): members of this server no person in the CRM is linked to. */
@Injectable()
export class UnlinkedDiscordUsersCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly members: GuildMembers,
    private readonly people: PeopleLookup,
  ) {}

  @SlashCommand({
    name: 'unlinked-discord-users',
    description: 'Members of this server not linked to anyone in the CRM (admins)',
  })
  list(@Context() [interaction]: SlashCommandContext) {
    return this.runner.run(interaction, { name: '/unlinked-discord-users', admin: true, private: true }, async () => {
      teamOnly(interaction, '/unlinked-discord-users');
      const { members, complete } = await this.members.list(interaction.guildId!);
      const linked = await this.people.linkedDiscordIds(members.map((member) => member.id));
      const unlinked = members
        .filter((member) => !linked.has(member.id))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const cut = complete ? '' : `\n(Only the first ${members.length} members of this server were read.)`;
      if (unlinked.length === 0) {
        return { content: `Every member of this server is linked to someone in the CRM.${cut}`, ephemeral: true };
      }
      const lines = unlinked
        .slice(0, SHOWN)
        .map((member) => `• <@${member.id}> ${escapeMarkdown(member.name)} (${escapeMarkdown(member.username)})`);
      const more = unlinked.length > SHOWN ? `\n…and ${unlinked.length - SHOWN} more.` : '';
      const header = `${unlinked.length} of ${members.length} members are not linked to anyone in the CRM (link with /link-discord-user):`;
      return { content: `${header}\n${lines.join('\n')}${more}${cut}`, ephemeral: true };
    });
  }
}
