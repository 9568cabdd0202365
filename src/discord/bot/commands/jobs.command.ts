import { Injectable } from '@nestjs/common';
import {
  Button,
  type ButtonContext,
  ComponentParam,
  Context,
  createCommandGroupDecorator,
  type SlashCommandContext,
  Subcommand,
} from 'necord';
import { JobsService } from '../../../jobs/jobs.service';
import { UserFacingError } from '../interactions/bot-reply';
import { Answerable, CommandRunner } from '../interactions/command-runner';
import { FAILED_MAX_PAGES, FAILED_PAGE_BUTTON, FAILED_PAGE_SIZE, failedJobsPage } from '../render/failed-jobs-page';

const JobsGroup = createCommandGroupDecorator({ name: 'jobs', description: 'Jobs that need attention' });

/** `/jobs failed` (admins): the latest dead jobs, paged with buttons. */
@Injectable()
@JobsGroup()
export class JobsCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly jobs: JobsService,
  ) {}

  @Subcommand({ name: 'failed', description: 'The latest dead jobs (retries used up or a permanent error; admins)' })
  failed(@Context() [interaction]: SlashCommandContext) {
    return this.page(interaction, 1);
  }

  @Button(`${FAILED_PAGE_BUTTON}/:page`)
  turn(@Context() [interaction]: ButtonContext, @ComponentParam('page') page: string) {
    return this.page(interaction, Number(page));
  }

  private page(interaction: Answerable, page: number) {
    return this.runner.run(interaction, { name: '/jobs failed', admin: true }, async () => {
      if (!Number.isInteger(page) || page < 1 || page > FAILED_MAX_PAGES) {
        throw new UserFacingError(`There is no page ${page}`);
      }
      // Offset paging over the newest jobs: a page's rows are the tail of the first `page` pages.
      const { jobs, next } = await this.jobs.list({ state: 'dead', limit: page * FAILED_PAGE_SIZE });
      return failedJobsPage(jobs.slice((page - 1) * FAILED_PAGE_SIZE), page, next !== null);
    });
  }
}
