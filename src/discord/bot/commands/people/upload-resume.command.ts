import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { Attachment } from 'discord.js';
import {
  AttachmentOption,
  BooleanOption,
  Context,
  Options,
  SlashCommand,
  type SlashCommandContext,
  StringOption,
} from 'necord';
import { AuditLog } from '../../../../audit/audit-log';
import { planPreview } from '../../../../people/changes/resume-preview-plan';
import { ResumePreviewSessions } from '../../../../people/changes/resume-preview-sessions';
import { EspoClients } from '../../../../people/crm/espo-clients';
import { type PersonCard, PeopleLookup } from '../../../../people/directory/people-lookup';
import { AppConfig } from '../../../../platform/config/app-config';
import { AmbientTransaction } from '../../../../platform/database/ambient-transaction';
import { ResumeIntake } from '../../../../resumes/intake/resume-intake.service';
import { type ExtractionRow, ResumeLedger } from '../../../../resumes/ledger/resume-ledger';
import { ContactReaders } from '../../../../resumes/preview/contact-readers';
import { UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { DiscordAdmins } from '../../interactions/discord-admins';
import { personName } from '../../render/people-views';
import { resumePreviewMessage } from '../../render/resume-preview-view';
import { checkAttachment, downloadAttachment, type FileRules } from './attached-file';
import { crmWrite } from './crm-write';
import { MAX_QUERY_LENGTH } from './member-query';
import { espoCrmOnly, onePerson } from './one-person';
import { teamOnly } from './team-only';

/** How long Apply and Cancel work on a posted preview. */
export const PREVIEW_TTL_SECONDS = 30 * 60;
/** How long the command waits for the extraction job (its answer stays editable for 15 minutes). */
const EXTRACTION_WAIT_MS = 120_000;
const POLL_MS = 250;

class UploadResumeOptions {
  @AttachmentOption({ name: 'file', description: 'The resume: PDF or DOCX', required: true })
  file!: Attachment;

  @StringOption({
    name: 'search_term',
    description: 'Whose resume (admins only; default: yours): a name, e-mail or @mention',
    required: false,
    max_length: MAX_QUERY_LENGTH,
  })
  search_term?: string;

  @BooleanOption({
    name: 'overwrite',
    description: 'Propose replacing values the CRM already has (default: only fill what is empty)',
    required: false,
  })
  overwrite?: boolean;
}

/**
 * `/upload-resume file [search_term] [overwrite]`: a member uploads their own resume (the contact
 * linked to their Discord account); admins may name anyone. The file is checked (size, type) before
 * it is downloaded from Discord's CDN, stored and extracted by the `resume.extract` job like an API
 * upload (audited `people.resume_upload`), and the preview is posted with Apply and Cancel buttons
 * (ResumePreviewButtons) for the person who asked. The answer is deferred while the job runs.
 */
@Injectable()
export class UploadResumeCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly people: PeopleLookup,
    private readonly admins: DiscordAdmins,
    private readonly clients: EspoClients,
    private readonly intake: ResumeIntake,
    private readonly ledger: ResumeLedger,
    private readonly contacts: ContactReaders,
    private readonly sessions: ResumePreviewSessions,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
    private readonly config: AppConfig,
  ) {}

  @SlashCommand({
    name: 'upload-resume',
    description: 'Upload a resume, see what it would change in the CRM, apply it',
  })
  run(@Context() [interaction]: SlashCommandContext, @Options() options: UploadResumeOptions) {
    return this.runner.run(interaction, { name: '/upload-resume' }, async (actor) => {
      teamOnly(interaction, '/upload-resume');
      const rules: FileRules = { ...this.config.files, cdnUrl: this.config.discord.cdnUrl };
      checkAttachment(options.file, rules);
      if (!this.clients.configured) {
        throw new UserFacingError(
          'EspoCRM is not configured (ESPO_BASE_URL and ESPO_API_KEY): nothing to compare with.',
        );
      }
      const person = await this.target(interaction.user.id, options.search_term, () =>
        this.admins.isAdmin(interaction),
      );
      const bytes = await downloadAttachment(options.file, rules);
      const submitted = await this.transaction.run(async () => {
        const extraction = await this.intake.submit({
          bytes,
          fileName: options.file.name,
          contactId: person.crmId,
          requestedBy: actor.name ?? actor.id,
        });
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'people.resume_upload',
          target: person.crmId,
          data: {
            command: '/upload-resume',
            options: { file: options.file.name, search_term: options.search_term, overwrite: options.overwrite },
            size: bytes.length,
            extractionId: extraction.id,
            duplicate: extraction.duplicate,
          },
        });
        return extraction;
      });
      const row = await this.extracted(submitted.id);
      const overwrite = options.overwrite === true;
      const current = await crmWrite('The resume was read, but the contact could not be read from EspoCRM', () =>
        this.contacts.read(person.crmId),
      );
      const plan = planPreview(row.preview!, current, overwrite);
      const header = { personName: personName(person), fileName: row.file_name, askerId: interaction.user.id };
      if (plan.apply.length === 0) return resumePreviewMessage(header, plan, undefined);
      const session = await this.sessions.create({
        extractionId: row.id,
        contactId: person.crmId,
        askerId: interaction.user.id,
        fields: plan.apply.map((change) => change.field),
        overwrite,
        ttlSeconds: PREVIEW_TTL_SECONDS,
      });
      return resumePreviewMessage(header, plan, { id: session.id, expiresAt: session.expires_at });
    });
  }

  /**
   * Whose resume it is. Members read and admins change: a member may only upload to the contact
   * linked to their own Discord account; naming someone else needs an admin.
   */
  private async target(userId: string, term: string | undefined, isAdmin: () => Promise<boolean>): Promise<PersonCard> {
    if (term?.trim()) {
      const person = espoCrmOnly(await onePerson(this.people, term, 'search_term'), 'resumes');
      if (person.discordUserId !== userId && !(await isAdmin())) {
        throw new UserFacingError(
          `Members may upload only their own resume; **${personName(person)}** is not linked to your Discord account. Leave search_term empty, or ask an admin.`,
        );
      }
      return person;
    }
    const { people } = await this.people.find({ words: [], skills: [], discordUserId: userId, limit: 2 });
    if (people.length !== 1) {
      throw new UserFacingError(
        people.length === 0
          ? 'Your Discord account is not linked to anyone in the CRM: ask an admin to link you (/link-discord-user) or to upload it for you.'
          : 'Your Discord account is linked to more than one person in the CRM: ask an admin to fix the link.',
      );
    }
    return espoCrmOnly(people[0]!, 'resumes');
  }

  /** The ledger row once its job has finished; a refused file is told with its reason. */
  private async extracted(id: string): Promise<ExtractionRow> {
    const deadline = Date.now() + EXTRACTION_WAIT_MS;
    for (;;) {
      const row = await this.ledger.find(id);
      if (!row) throw new Error(`The resume ledger lost extraction ${id}`);
      if (row.status === 'succeeded' && row.preview) return row;
      if (row.status === 'failed')
        throw new UserFacingError(`The resume could not be read: ${row.error ?? 'no reason given'}`);
      if (Date.now() > deadline) {
        throw new UserFacingError(
          `The resume is still being read (extraction ${id}); run /upload-resume with the same file again in a few minutes (it is not read twice).`,
        );
      }
      await sleep(POLL_MS);
    }
  }
}
