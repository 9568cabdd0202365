import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { AuditLog } from '../../../../audit/audit-log';
import { ContactChanges } from '../../../../people/changes/contact-changes';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { AmbientTransaction } from '../../../../platform/database/ambient-transaction';
import { AppConfig } from '../../../../platform/config/app-config';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { invocation } from '../../interactions/invocation';
import { personName } from '../../render/people-views';
import { crmWrite } from './crm-write';
import { MAX_QUERY_LENGTH } from './member-query';
import { espoCrmOnly, onePerson } from './one-person';
import { teamOnly } from './team-only';
import { verifiedAt } from './verified-at';

class MarkIdVerifiedOptions {
  @StringOption({
    name: 'search_term',
    description: 'The person in the CRM: a name, e-mail or @mention that finds exactly one',
    required: true,
    max_length: MAX_QUERY_LENGTH,
  })
  search_term!: string;

  @StringOption({
    name: 'date',
    description: 'When the identity was checked, YYYY-MM-DD (default: now)',
    required: false,
    max_length: 10,
  })
  date?: string;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'never');

/**
 * `/mark-id-verified search_term [date]` (admins): sets the contact's CRM_ID_VERIFIED_FIELD in
 * EspoCRM, reads the contact back into the people cache, audited with the cache write.
 */
@Injectable()
export class MarkIdVerifiedCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly contacts: ContactChanges,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
    private readonly config: AppConfig,
  ) {}

  @SlashCommand({ name: 'mark-id-verified', description: "Record that a person's identity was checked (admins)" })
  run(@Context() [interaction]: SlashCommandContext, @Options() options: MarkIdVerifiedOptions) {
    return this.runner.run(interaction, { name: '/mark-id-verified', admin: true, private: true }, async (actor) => {
      teamOnly(interaction, '/mark-id-verified');
      const at = verifiedAt(options.date);
      const person = espoCrmOnly(await onePerson(this.people, options.search_term, 'search_term'), 'identity checks');
      const field = this.config.crm.fields.idVerified;
      const result = await crmWrite('Nothing was changed', () => this.contacts.markIdVerified(person.crmId, at));
      if (result.after === null) {
        throw new UserFacingError(
          `EspoCRM accepted the change but its contact holds no ${field} afterwards: does the field exist (CRM_ID_VERIFIED_FIELD)?`,
        );
      }
      await this.transaction.run(async () => {
        await this.contacts.storeInCache(result.person);
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'people.mark_id_verified',
          target: person.crmId,
          data: { ...invocation(interaction), field, before: result.before, after: result.after },
        });
      });
      const was = result.before ? ` (it was ${day(result.before)})` : '';
      return {
        content: `Marked **${personName(person)}** as ID-verified on ${day(result.after)} in the CRM${was}.`,
        ephemeral: true,
      };
    });
  }
}
