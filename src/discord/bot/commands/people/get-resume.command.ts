import { escapeMarkdown } from 'discord.js';
import { Injectable } from '@nestjs/common';
import { Context, Options, SlashCommand, type SlashCommandContext, StringOption } from 'necord';
import { CRM_LABELS } from '../../../../people/crm/crm-labels';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { AppConfig } from '../../../../platform/config/app-config';
import { FILE_MIME } from '../../../../resumes/files/sniff-file-type';
import { ResumeLedger } from '../../../../resumes/ledger/resume-ledger';
import { ObjectStorage } from '../../../../storage/object-storage';
import { CommandRunner } from '../../interactions/command-runner';
import { discordTime } from '../../render/format';
import { personName } from '../../render/people-views';
import { MAX_QUERY_LENGTH } from './member-query';
import { onePerson } from './one-person';
import { teamOnly } from './team-only';

class GetResumeOptions {
  @StringOption({
    name: 'query',
    description: 'Whose resume: a name, e-mail, Discord name or @mention that finds exactly one person',
    required: true,
    max_length: MAX_QUERY_LENGTH,
  })
  query!: string;
}

/**
 * `/get-resume query` (admins): a signed, expiring download link to the newest resume file uploaded
 * through Switchyard for the person (from object storage), privately and without a link preview.
 */
@Injectable()
export class GetResumeCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly ledger: ResumeLedger,
    private readonly storage: ObjectStorage,
    private readonly config: AppConfig,
  ) {}

  @SlashCommand({ name: 'get-resume', description: "A download link to a person's latest resume (admins)" })
  get(@Context() [interaction]: SlashCommandContext, @Options() options: GetResumeOptions) {
    return this.runner.run(interaction, { name: '/get-resume', admin: true, private: true }, async () => {
      teamOnly(interaction, '/get-resume');
      const person = await onePerson(this.people, options.query, 'query');
      if (person.crm !== 'espocrm') {
        return {
          content: `**${personName(person)}** comes from ${CRM_LABELS[person.crm]}; Switchyard keeps resumes for EspoCRM contacts only.`,
          ephemeral: true,
        };
      }
      const stored = await this.ledger.latestStoredFor(person.crmId);
      if (!stored) {
        const inCrm = person.latestResume
          ? ` The CRM lists ${escapeMarkdown(person.latestResume.name ?? 'a resume')} on the contact; open it in EspoCRM.`
          : '';
        return {
          content: `No resume of **${personName(person)}** is stored in Switchyard (none was uploaded through it).${inCrm}`,
          ephemeral: true,
        };
      }
      const ttl = this.config.files.linkTtlSeconds;
      const url = await this.storage.downloadUrl(stored.object_key, {
        filename: stored.file_name,
        contentType: FILE_MIME[stored.file_type],
        ttlSeconds: ttl,
      });
      const expires = discordTime(new Date(Date.now() + ttl * 1000), 'R');
      return {
        content: `Latest resume of **${personName(person)}**: ${escapeMarkdown(stored.file_name)}, uploaded ${discordTime(stored.created_at, 'f')}\n${url}\n(The link expires ${expires}.)`,
        ephemeral: true,
        suppressEmbeds: true,
      };
    });
  }
}
