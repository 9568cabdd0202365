import { Injectable } from '@nestjs/common';
import {
  Button,
  type ButtonContext,
  ComponentParam,
  Context,
  Options,
  SlashCommand,
  type SlashCommandContext,
  StringOption,
} from 'necord';
import { AuditLog } from '../../../audit/audit-log';
import { JobsService } from '../../../jobs/jobs.service';
import { uuidOption } from '../interactions/ids';
import { CommandRunner } from '../interactions/command-runner';
import { DiscordAdmins } from '../interactions/discord-admins';
import { DISCARD_BUTTON, jobCard, retryable, RETRY_BUTTON } from '../render/job-card';

class JobOptions {
  @StringOption({ name: 'id', description: 'The job id (a UUID)', required: true, max_length: 100 })
  id!: string;
}

/** `/job id:<id>`, and the retry and discard buttons on its answer (admins only, checked again on the click). */
@Injectable()
export class JobCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly jobs: JobsService,
    private readonly admins: DiscordAdmins,
    private readonly audit: AuditLog,
  ) {}

  @SlashCommand({ name: 'job', description: 'One job: state, attempts and last error' })
  show(@Context() [interaction]: SlashCommandContext, @Options() options: JobOptions) {
    return this.runner.run(interaction, { name: '/job' }, async () => {
      const job = await this.jobs.get(uuidOption(options.id, 'job'));
      const retryButton = (retryable(job) || job.state === 'dead') && (await this.admins.isAdmin(interaction));
      return jobCard(job, { retryButton });
    });
  }

  @Button(`${RETRY_BUTTON}/:id`)
  retry(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the retry button', admin: true }, async (actor) => {
      const job = await this.jobs.retry(uuidOption(id, 'job'));
      await this.audit.record({
        source: 'discord',
        actor,
        action: 'job.retry',
        target: job.id,
        data: { command: 'retry button', options: { id: job.id }, messageId: interaction.message.id },
      });
      return jobCard(job, { retryButton: false, note: `🔁 Retried by <@${actor.id}>` });
    });
  }

  @Button(`${DISCARD_BUTTON}/:id`)
  discard(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the discard button', admin: true }, async (actor) => {
      const job = await this.jobs.discard(uuidOption(id, 'job'), actor.name ?? actor.id);
      await this.audit.record({
        source: 'discord',
        actor,
        action: 'job.discard',
        target: job.id,
        data: { command: 'discard button', options: { id: job.id }, messageId: interaction.message.id },
      });
      return jobCard(job, { retryButton: false, note: `🗑️ Discarded by <@${actor.id}>` });
    });
  }
}
