import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { JOB_STATES } from '../../jobs/job-state';
import { JobsService } from '../../jobs/jobs.service';
import { ListJobsQuery } from '../../jobs/list-jobs.query';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const NOTICES: Record<string, string> = {
  retried: 'Retried: the job is queued again with a fresh attempt count.',
  discarded: 'Discarded: the job is dropped for good; what waited behind it goes ahead.',
  canceled: 'Canceled.',
};

const actorName = (req: Request) => req.caller?.actor.name ?? 'unknown';

const discardedNotice = (count: number) =>
  count === 0 ? 'No dead job to discard.' : `Discarded ${count} dead ${count === 1 ? 'job' : 'jobs'} for good.`;

const retriedNotice = (count: number) =>
  count === 0
    ? 'No dead job to retry.'
    : `Retried ${count} dead ${count === 1 ? 'job' : 'jobs'}: queued again with a fresh attempt count.`;

/** What ran and what failed, and steering it: retry (redrive) or discard dead jobs, retry canceled ones, cancel pending ones. */
@Controller('dashboard/jobs')
@UseFilters(DashboardErrorFilter)
export class JobPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { retried, discarded, ...filterInput } = raw;
    const query = validInput(ListJobsQuery, filterInput);
    const page = await this.jobs.list(query);
    const filter = { state: query.state, type: query.type, limit: query.limit };
    await this.pages.send(req, res, 'jobs', {
      title: 'Jobs',
      section: 'jobs',
      jobs: page.jobs,
      filter,
      filtered: Boolean(query.state ?? query.type ?? query.cursor),
      states: JOB_STATES,
      nextUrl: page.next ? `/dashboard/jobs${queryString({ ...filter, cursor: page.next })}` : null,
      notice:
        retried !== undefined && /^\d+$/.test(retried)
          ? retriedNotice(Number(retried))
          : discarded !== undefined && /^\d+$/.test(discarded)
            ? discardedNotice(Number(discarded))
            : undefined,
    });
  }

  /** Bulk retry: every dead job, of the chosen type or of all; says how many went back to the queue. */
  @Post('retry-dead')
  @Redirect()
  async retryDead(@Body('type') type: unknown) {
    const { type: only } = validInput(ListJobsQuery, { type: typeof type === 'string' ? type : '' });
    const { retried } = await this.jobs.retryDead(only);
    return { url: `/dashboard/jobs${queryString({ type: only, retried: String(retried) })}`, statusCode: 303 };
  }

  /** Bulk discard: every dead job of the chosen type (a type is required: discarding is for good). */
  @Post('discard-dead')
  @Redirect()
  async discardDead(@Body('type') type: unknown, @Req() req: Request) {
    const { type: only } = validInput(ListJobsQuery, { type: typeof type === 'string' ? type : '' });
    if (!only)
      throw new BadRequestException('Choose a job type (filter the dead list by type) to discard its dead jobs');
    const { discarded } = await this.jobs.discardDead(only, actorName(req));
    return {
      url: `/dashboard/jobs${queryString({ state: 'dead', type: only, discarded: String(discarded) })}`,
      statusCode: 303,
    };
  }

  @Get(':id')
  async show(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const job = await this.jobs.get(id);
    await this.pages.send(req, res, 'job', {
      title: `Job ${job.type}`,
      section: 'jobs',
      job,
      canRetry: job.state === 'dead' || job.state === 'canceled',
      canDiscard: job.state === 'dead',
      canCancel: job.state === 'queued' || job.state === 'failed' || job.state === 'running',
      // Updated live until it finishes.
      running: job.state === 'queued' || job.state === 'failed' || job.state === 'running',
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Post(':id/retry')
  @Redirect()
  async retry(@Param('id', ParseUUIDPipe) id: string) {
    await this.jobs.retry(id);
    return { url: `/dashboard/jobs/${id}?done=retried`, statusCode: 303 };
  }

  @Post(':id/discard')
  @Redirect()
  async discard(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    await this.jobs.discard(id, actorName(req));
    return { url: `/dashboard/jobs/${id}?done=discarded`, statusCode: 303 };
  }

  @Post(':id/cancel')
  @Redirect()
  async cancel(@Param('id', ParseUUIDPipe) id: string) {
    await this.jobs.cancel(id);
    return { url: `/dashboard/jobs/${id}?done=canceled`, statusCode: 303 };
  }
}
