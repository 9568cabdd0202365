import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption, UserOption } from 'necord';
import type { User } from 'discord.js';
import { AuditLog } from '../../../../audit/audit-log';
import { EspoRequestError, EspoUnavailableError } from '../../../../people/crm/espo-error';
import { CRM_LABELS } from '../../../../people/crm/crm-labels';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { DiscordUserLink } from '../../../../people/link/discord-user-link';
import { CrmNotConfiguredError } from '../../../../people/sync/sync-errors';
import { AmbientTransaction } from '../../../../platform/database/ambient-transaction';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { invocation } from '../../interactions/invocation';
import { personName } from '../../render/people-views';
import { MAX_QUERY_LENGTH } from './member-query';
import { onePerson } from './one-person';
import { teamOnly } from './team-only';

class LinkDiscordUserOptions {
  @UserOption({ name: 'user', description: 'The Discord user to link', required: true })
  user!: User;

  @StringOption({
    name: 'search_term',
    description: 'The person in the CRM: a name or e-mail that finds exactly one',
    required: true,
    max_length: MAX_QUERY_LENGTH,
  })
  search_term!: string;
}

/**
 * `/link-discord-user user search_term` (admins): writes the Discord user id and username to the one
 * contact the term finds, reads the contact back into the people cache, audited with the cache write.
 * EspoCRM contacts only: a person from HubSpot is refused with the reason.
 */
@Injectable()
export class LinkDiscordUserCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly link: DiscordUserLink,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  @SlashCommand({
    name: 'link-discord-user',
    description: 'Link a Discord user to a person in the CRM (admins)',
  })
  run(@Context() [interaction]: SlashCommandContext, @Options() options: LinkDiscordUserOptions) {
    return this.runner.run(interaction, { name: '/link-discord-user', admin: true, private: true }, async (actor) => {
      teamOnly(interaction, '/link-discord-user');
      const user = options.user;
      if (user.bot) throw new UserFacingError(`${user.username} is a bot; only people are linked to the CRM.`);
      const person = await onePerson(this.people, options.search_term, 'search_term');
      if (person.crm !== 'espocrm') {
        throw new UserFacingError(
          `**${personName(person)}** comes from ${CRM_LABELS[person.crm]}; Switchyard writes Discord links to EspoCRM contacts only. Set the Discord user id and username on the contact in ${CRM_LABELS[person.crm]} (the cache follows at its next sync).`,
        );
      }
      if (person.discordUserId === user.id) {
        return { content: `**${personName(person)}** is already linked to <@${user.id}>.`, ephemeral: true };
      }
      const { people: holders } = await this.people.find({ words: [], skills: [], discordUserId: user.id, limit: 1 });
      if (holders[0]) {
        throw new UserFacingError(
          `<@${user.id}> is already linked to **${personName(holders[0])}** in the CRM; unlink them there first.`,
        );
      }
      const updated = await this.writeToCrm(person.crmId, user);
      // The cache write and its audit event commit together, or neither does.
      await this.transaction.run(async () => {
        await this.link.storeInCache(updated);
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'people.link_discord_user',
          target: person.crmId,
          data: {
            ...invocation(interaction),
            discordUserId: user.id,
            discordUsername: user.username,
            before: { discordUserId: person.discordUserId, discordUsername: person.discordUsername },
          },
        });
      });
      const replaced = person.discordUserId ? ` (it was <@${person.discordUserId}>)` : '';
      return {
        content: `Linked **${personName(person)}** to <@${user.id}> (${user.username}) in the CRM${replaced}.`,
        ephemeral: true,
      };
    });
  }

  private async writeToCrm(crmId: string, user: User) {
    try {
      return await this.link.writeToCrm(crmId, { id: user.id, username: user.username });
    } catch (error) {
      if (
        error instanceof EspoRequestError ||
        error instanceof EspoUnavailableError ||
        error instanceof CrmNotConfiguredError
      ) {
        throw new UserFacingError(`Nothing was linked: ${error.message}`);
      }
      throw error;
    }
  }
}
