import { HttpException, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { ButtonInteraction } from 'discord.js';
import { Button, type ButtonContext, ComponentParam, Context } from 'necord';
import { type AuditActor, AuditLog } from '../../../../audit/audit-log';
import { ContactChanges } from '../../../../people/changes/contact-changes';
import { type PreviewSession, ResumePreviewSessions } from '../../../../people/changes/resume-preview-sessions';
import { PeopleLookup } from '../../../../people/directory/people-lookup';
import { ResumeApply } from '../../../../people/resumes/resume-apply.service';
import { AmbientTransaction } from '../../../../platform/database/ambient-transaction';
import { AppConfig } from '../../../../platform/config/app-config';
import { FILE_MIME } from '../../../../resumes/files/sniff-file-type';
import { ResumeLedger } from '../../../../resumes/ledger/resume-ledger';
import { ObjectStorage } from '../../../../storage/object-storage';
import { type BotReply, UserFacingError } from '../../interactions/bot-reply';
import { CommandRunner } from '../../interactions/command-runner';
import { DiscordAdmins } from '../../interactions/discord-admins';
import { changeLines } from '../../render/contact-changes-view';
import { clip, discordTime } from '../../render/format';
import { RESUME_PREVIEW_BUTTON } from '../../render/resume-preview-view';

type Press = 'apply' | 'cancel';

/**
 * Apply and Cancel on a resume preview posted by `/upload-resume`. Only the person who uploaded may
 * press them (anyone else gets a private refusal); a preview for someone else's contact needs them
 * to still be an admin. Apply writes the proposed fields through the resume-apply path (EspoCRM, one
 * update per field, then a re-read), attaches the file to the contact's resume field, refreshes the
 * people cache and edits the message with what really changed; Cancel discards. A preview is used
 * once and expires (PREVIEW_TTL_SECONDS). Every press is audited: `people.resume_apply`,
 * `people.resume_cancel`, or `people.resume_preview_refused` with the reason.
 */
@Injectable()
export class ResumePreviewButtons {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sessions: ResumePreviewSessions,
    private readonly resumes: ResumeApply,
    private readonly contacts: ContactChanges,
    private readonly ledger: ResumeLedger,
    private readonly storage: ObjectStorage,
    private readonly people: PeopleLookup,
    private readonly admins: DiscordAdmins,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
    private readonly config: AppConfig,
  ) {}

  @Button(`${RESUME_PREVIEW_BUTTON}/apply/:id`)
  apply(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Apply button' }, async (actor) => {
      const session = await this.pressable(interaction, actor, id, 'apply');
      if (!(await this.sessions.claim(session.id, 'applying', actor.id))) {
        return this.notPending(interaction, actor, session.id, 'apply');
      }
      let result: Awaited<ReturnType<ResumeApply['apply']>>;
      try {
        result = await this.resumes.apply(session.extraction_id, session.fields);
      } catch (error) {
        // Nothing was written: the preview can be applied again.
        await this.sessions.finish(session.id, 'pending');
        await this.record(actor, 'people.resume_apply', session, {
          outcome: 'failed',
          error: (error as Error).message,
        });
        if (error instanceof HttpException) throw new UserFacingError(`Nothing was applied: ${error.message}`);
        throw error;
      }
      const attached = await this.attachFile(session);
      const person = await this.contacts.reread(session.contact_id).catch(() => undefined);
      await this.transaction.run(async () => {
        if (person) await this.contacts.storeInCache(person);
        await this.sessions.finish(session.id, 'applied');
        await this.record(actor, 'people.resume_apply', session, {
          outcome: result.complete ? 'applied' : 'partly_applied',
          fields: result.fields,
          attachment: attached,
        });
      });
      const lines = changeLines(
        result.fields.map((field) => ({ ...field, changed: field.status === 'changed', error: field.error })),
      );
      const file =
        'error' in attached
          ? `The file was not attached in EspoCRM: ${attached.error}`
          : attached.added
            ? 'The file is attached to the contact in EspoCRM.'
            : 'The contact already had this file attached in EspoCRM.';
      const cache = person
        ? ''
        : '\nThe people cache could not re-read the contact; the next sync brings it up to date.';
      return this.outcome(
        interaction,
        `✅ Applied by <@${actor.id}>; EspoCRM now holds:\n${lines.join('\n')}\n${file}${cache}`,
      );
    });
  }

  @Button(`${RESUME_PREVIEW_BUTTON}/cancel/:id`)
  cancel(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the Cancel button' }, async (actor) => {
      const session = await this.pressable(interaction, actor, id, 'cancel');
      const cancelled = await this.transaction.run(async () => {
        const claimed = await this.sessions.claim(session.id, 'cancelled', actor.id);
        if (claimed) await this.record(actor, 'people.resume_cancel', session, {});
        return claimed;
      });
      if (!cancelled) return this.notPending(interaction, actor, session.id, 'cancel');
      return this.outcome(interaction, `✖️ Cancelled by <@${actor.id}>; nothing was written to the CRM.`);
    });
  }

  /** The session, if this person may press its buttons; a refusal (audited) otherwise. */
  private async pressable(
    interaction: ButtonInteraction,
    actor: AuditActor,
    id: string,
    press: Press,
  ): Promise<PreviewSession> {
    const session = isUUID(id) ? await this.sessions.find(id) : null;
    if (!session) throw new UserFacingError('This resume preview is no longer known.');
    if (session.asker_id !== actor.id) {
      await this.refused(actor, session, press, 'not_asker');
      throw new UserFacingError(`Only <@${session.asker_id}>, who uploaded this resume, can apply or cancel it.`);
    }
    if (press === 'apply' && !(await this.ownContact(actor.id, session.contact_id))) {
      if (!(await this.admins.isAdmin(interaction))) {
        await this.refused(actor, session, press, 'not_admin');
        throw new UserFacingError(
          "This preview is for someone else's contact, and only admins change other people's details.",
        );
      }
    }
    return session;
  }

  private async ownContact(userId: string, crmId: string): Promise<boolean> {
    const { people } = await this.people.find({ words: [], skills: [], discordUserId: userId, limit: 5 });
    return people.some((person) => person.crmId === crmId);
  }

  /** Why a claim failed: decided already (said privately), or expired (the buttons go). */
  private async notPending(
    interaction: ButtonInteraction,
    actor: AuditActor,
    id: string,
    press: Press,
  ): Promise<BotReply> {
    const session = (await this.sessions.find(id))!;
    if (session.status === 'pending' && session.expired) {
      await this.refused(actor, session, press, 'expired');
      return this.outcome(
        interaction,
        `⌛ This preview expired ${discordTime(session.expires_at, 'R')}; nothing was written. Upload the resume again for a fresh one.`,
      );
    }
    await this.refused(actor, session, press, session.status);
    const what = { applying: 'is being applied', applied: 'was applied', cancelled: 'was cancelled' }[
      session.status as Exclude<PreviewSession['status'], 'pending'>
    ];
    throw new UserFacingError(`This preview ${what ?? 'was decided'} already.`);
  }

  /** Attaches the uploaded file to the contact in EspoCRM; a failure is reported, not fatal (the fields are written). */
  private async attachFile(
    session: PreviewSession,
  ): Promise<{ attachmentId: string; added: boolean } | { error: string }> {
    try {
      const row = await this.ledger.find(session.extraction_id);
      if (!row || row.object_key === '') return { error: 'the file is no longer in storage' };
      const bytes = await this.storage.get(row.object_key, this.config.files.maxFileBytes);
      const type = FILE_MIME[row.file_type].split(';')[0]!;
      return await this.contacts.attachResume(session.contact_id, { name: row.file_name, type, bytes });
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /** The preview message with its first line kept, the outcome below it, and no buttons. */
  private outcome(interaction: ButtonInteraction, note: string): BotReply {
    const header = interaction.message.content.split('\n')[0] ?? '';
    return { content: clip(`${header}\n\n${note}`, 1990), components: [] };
  }

  private async refused(actor: AuditActor, session: PreviewSession, press: Press, reason: string): Promise<void> {
    await this.record(actor, 'people.resume_preview_refused', session, { button: press, reason });
  }

  private async record(
    actor: AuditActor,
    action: string,
    session: PreviewSession,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record({
      source: 'discord',
      actor,
      action,
      target: session.contact_id,
      data: {
        command: 'resume preview button',
        previewId: session.id,
        extractionId: session.extraction_id,
        askerId: session.asker_id,
        ...data,
      },
    });
  }
}
