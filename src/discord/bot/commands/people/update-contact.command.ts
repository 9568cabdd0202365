import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { AuditLog } from '../../../../audit/audit-log';
import { CLEAR, contactEdits, type EditableField } from '../../../../people/changes/contact-edits';
import { ContactChanges } from '../../../../people/changes/contact-changes';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { AmbientTransaction } from '../../../../platform/database/ambient-transaction';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { invocation } from '../../interactions/invocation';
import { changeLines } from '../../render/contact-changes-view';
import { clip } from '../../render/format';
import { personName } from '../../render/people-views';
import { crmWrite } from './crm-write';
import { MAX_QUERY_LENGTH } from './member-query';
import { espoCrmOnly, onePerson } from './one-person';
import { teamOnly } from './team-only';

const VALUE_LENGTH = 300;
const value = (name: EditableField, description: string) =>
  StringOption({ name, description: `${description}; ${CLEAR} clears it`, required: false, max_length: VALUE_LENGTH });

class UpdateContactOptions {
  @StringOption({
    name: 'search_term',
    description: 'The person in the CRM: a name, e-mail or @mention that finds exactly one',
    required: true,
    max_length: MAX_QUERY_LENGTH,
  })
  search_term!: string;

  @value('phone', 'Phone number, e.g. +44 20 7946 0958')
  phone?: string;

  @value('github', 'GitHub username or profile URL')
  github?: string;

  @value('linkedin', 'LinkedIn profile URL or name')
  linkedin?: string;

  @value('seniority', 'Level, e.g. Junior, Senior, Lead')
  seniority?: string;

  @value('timezone', 'Offset from UTC as UTC±HH:MM, e.g. UTC+02:00')
  timezone?: string;

  @value('location', 'City, Country (or City, State, Country)')
  location?: string;

  @value('roles', 'Roles, comma-separated (replaces the list)')
  roles?: string;

  @value('skills', 'Skills, comma-separated (replaces the list)')
  skills?: string;
}

/**
 * `/update-contact search_term [phone] [github] [linkedin] [seniority] [timezone] [location] [roles]
 * [skills]` (admins): every given value checked first (all problems answered at once, nothing
 * written), then one update in EspoCRM, the contact read back into the people cache, audited with the
 * cache write, and the answer says per field what EspoCRM really holds now.
 */
@Injectable()
export class UpdateContactCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly contacts: ContactChanges,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  @SlashCommand({ name: 'update-contact', description: "Change a person's fields in the CRM (admins)" })
  run(@Context() [interaction]: SlashCommandContext, @Options() options: UpdateContactOptions) {
    return this.runner.run(interaction, { name: '/update-contact', admin: true, private: true }, async (actor) => {
      teamOnly(interaction, '/update-contact');
      const { edits, problems } = contactEdits(options);
      if (problems.length > 0) {
        throw new UserFacingError(`Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`);
      }
      if (edits.length === 0) {
        throw new UserFacingError(
          'Give at least one field to set: phone, github, linkedin, seniority, timezone, location, roles or skills.',
        );
      }
      const person = espoCrmOnly(await onePerson(this.people, options.search_term, 'search_term'), 'contact fields');
      const { person: updated, changes } = await crmWrite('Nothing was changed', () =>
        this.contacts.update(person.crmId, edits),
      );
      // EspoCRM has the change already (outside any transaction of ours); the cache row and its audit event commit together.
      await this.transaction.run(async () => {
        await this.contacts.storeInCache(updated);
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'people.update_contact',
          target: person.crmId,
          data: { ...invocation(interaction), changes },
        });
      });
      const changed = changes.filter((change) => change.changed).length;
      const header =
        changed === 0
          ? `Nothing changed on **${personName(person)}**: EspoCRM already held these values.`
          : `Updated **${personName(person)}** in the CRM (${changed} of ${changes.length} field${changes.length === 1 ? '' : 's'} changed):`;
      return { content: clip(`${header}\n${changeLines(changes).join('\n')}`, 1900), ephemeral: true };
    });
  }
}
