import { escapeMarkdown } from 'discord.js';
import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { personName, skillsView } from '../../render/people-views';
import { MAX_QUERY_LENGTH, memberQuery } from './member-query';
import { teamOnly } from './team-only';

const CANDIDATES = 5;

class ViewSkillsOptions {
  @StringOption({
    name: 'query',
    description: 'Whose skills: a name, e-mail, Discord name or @mention (default: yours)',
    required: false,
    max_length: MAX_QUERY_LENGTH,
  })
  query?: string;
}

/** `/view-skills query?` (members): one person's skills with strengths; without a query, the asker's own. */
@Injectable()
export class ViewSkillsCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
  ) {}

  @SlashCommand({ name: 'view-skills', description: "A person's skills and strengths from the CRM (default: yours)" })
  view(@Context() [interaction]: SlashCommandContext, @Options() options: ViewSkillsOptions) {
    return this.runner.run(interaction, { name: '/view-skills', private: true }, async () => {
      teamOnly(interaction, '/view-skills');
      const own = !options.query?.trim();
      const query = own
        ? { words: [], skills: [], discordUserId: interaction.user.id }
        : memberQuery(options.query, undefined);
      const { people, total } = await this.people.find({ ...query, skills: [], limit: CANDIDATES });
      if (total === 0) {
        throw new UserFacingError(
          own
            ? 'Your Discord account is not linked to anyone in the CRM; give a query, or ask an admin to link you.'
            : `Nobody in the CRM matches "${options.query!.trim()}".`,
        );
      }
      if (total > 1) {
        const names = people.map(
          (person) =>
            `• ${personName(person)}${person.primaryEmail ? ` (${escapeMarkdown(person.primaryEmail)})` : ''}`,
        );
        const more = total > people.length ? `\n…and ${total - people.length} more.` : '';
        return {
          content: `${total} people match "${options.query?.trim() ?? ''}"; be more specific (an e-mail or @mention):\n${names.join('\n')}${more}`,
          ephemeral: true,
        };
      }
      return { content: skillsView(people[0]!), ephemeral: true };
    });
  }
}
