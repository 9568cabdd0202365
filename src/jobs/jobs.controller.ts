import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DiscardDeadBody, RedriveDeadBody } from './dead-jobs.body';
import { JobsService } from './jobs.service';
import { ListJobsQuery } from './list-jobs.query';

const actorName = (req: Request) => req.caller?.actor.name ?? 'unknown';

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  list(@Query() query: ListJobsQuery) {
    return this.jobs.list(query);
  }

  // Before the `:id` routes: "dead" is not a job id.
  @Post('dead/redrive')
  @HttpCode(200)
  redriveDead(@Body() body: RedriveDeadBody) {
    return this.jobs.retryDead(body.type).then(({ retried, superseded }) => ({ redriven: retried, superseded }));
  }

  @Post('dead/discard')
  @HttpCode(200)
  discardDead(@Body() body: DiscardDeadBody, @Req() req: Request) {
    return this.jobs.discardDead(body.type, actorName(req));
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  retry(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.retry(id);
  }

  @Post(':id/redrive')
  @HttpCode(200)
  redrive(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.redrive(id);
  }

  @Post(':id/discard')
  @HttpCode(200)
  discard(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    return this.jobs.discard(id, actorName(req));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.cancel(id);
  }
}
