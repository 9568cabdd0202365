import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { memberList } from '../../render/people-views';
import { isEmpty, MAX_QUERY_LENGTH, memberQuery } from './member-query';
import { teamOnly } from './team-only';

const SHOWN = 10;

class SearchMembersOptions {
  @StringOption({
    name: 'query',
    description: 'Words of a name, e-mail or Discord name, or a @mention',
    required: false,
    max_length: MAX_QUERY_LENGTH,
  })
  query?: string;

  @StringOption({
    name: 'skills',
    description: 'Skills they must all have, comma-separated (e.g. TypeScript, Go)',
    required: false,
    max_length: MAX_QUERY_LENGTH,
  })
  skills?: string;
}

/** `/search-members query? skills?` (members): up to ten matching people, privately. */
@Injectable()
export class SearchMembersCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
  ) {}

  @SlashCommand({
    name: 'search-members',
    description: 'Find people in the CRM by name, e-mail, Discord name or skills',
  })
  search(@Context() [interaction]: SlashCommandContext, @Options() options: SearchMembersOptions) {
    return this.runner.run(interaction, { name: '/search-members', private: true }, async () => {
      teamOnly(interaction, '/search-members');
      const query = memberQuery(options.query, options.skills);
      if (isEmpty(query))
        throw new UserFacingError('Give a query, skills, or both: /search-members query:<name> skills:<a, b>.');
      const { people, total } = await this.people.find({ ...query, limit: SHOWN });
      if (total === 0) {
        const asked = [
          options.query?.trim() ? `"${options.query.trim()}"` : undefined,
          query.skills.length > 0 ? `skills ${query.skills.join(', ')}` : undefined,
        ].filter(Boolean);
        return { content: `Nobody in the CRM matches ${asked.join(' with ')}.`, ephemeral: true };
      }
      return { content: memberList(people, total), ephemeral: true };
    });
  }
}
