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
import { AmbientTransaction } from '../../../platform/database/ambient-transaction';
import { uuidOption } from '../interactions/ids';
import { CommandRunner } from '../interactions/command-runner';
import { DISCARD_BUTTON, jobCard, retryable, RETRY_BUTTON } from '../render/job-card';

class JobOptions {
  @StringOption({ name: 'id', description: 'The job id (a UUID)', required: true, max_length: 100 })
  id!: string;
}

/** `/job id:<id>` (admins), and the retry and discard buttons on its answer (the admin check again on the click). */
@Injectable()
export class JobCommand {
  constructor(
    private readonly runner: CommandRunner,
    private readonly jobs: JobsService,
    private readonly audit: AuditLog,
    private readonly transaction: AmbientTransaction,
  ) {}

  @SlashCommand({ name: 'job', description: 'One job: state, attempts and last error (admins)' })
  show(@Context() [interaction]: SlashCommandContext, @Options() options: JobOptions) {
    return this.runner.run(interaction, { name: '/job', admin: true }, async () => {
      const job = await this.jobs.get(uuidOption(options.id, 'job'));
      return jobCard(job, { retryButton: retryable(job) || job.state === 'dead' });
    });
  }

  @Button(`${RETRY_BUTTON}/:id`)
  retry(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the retry button', admin: true }, async (actor) => {
      // The retry and its audit event commit together, or neither does.
      const job = await this.transaction.run(async () => {
        const retried = await this.jobs.retry(uuidOption(id, 'job'));
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'job.retry',
          target: retried.id,
          data: { command: 'retry button', options: { id: retried.id }, messageId: interaction.message.id },
        });
        return retried;
      });
      return jobCard(job, { retryButton: false, note: `🔁 Retried by <@${actor.id}>` });
    });
  }

  @Button(`${DISCARD_BUTTON}/:id`)
  discard(@Context() [interaction]: ButtonContext, @ComponentParam('id') id: string) {
    return this.runner.run(interaction, { name: 'the discard button', admin: true }, async (actor) => {
      // The discard and its audit event commit together, or neither does.
      const job = await this.transaction.run(async () => {
        const discarded = await this.jobs.discard(uuidOption(id, 'job'), actor.name ?? actor.id);
        await this.audit.record({
          source: 'discord',
          actor,
          action: 'job.discard',
          target: discarded.id,
          data: { command: 'discard button', options: { id: discarded.id }, messageId: interaction.message.id },
        });
        return discarded;
      });
      return jobCard(job, { retryButton: false, note: `🗑️ Discarded by <@${actor.id}>` });
    });
  }
}
