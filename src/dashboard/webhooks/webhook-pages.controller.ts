import {
  Controller,
  Get,
  NotFoundException,
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
import { JobsService } from '../../jobs/jobs.service';
import type { JobView } from '../../jobs/job-view';
import { RulesService } from '../../routing/rule-store/rules.service';
import { ROUTING_STATUSES } from '../../webhooks/events/event-filter';
import { ListEventsQuery } from '../../webhooks/events/list-events.query';
import { WebhookEventsService } from '../../webhooks/events/webhook-events.service';
import { WebhookSourcesService } from '../../webhooks/sources/webhook-sources.service';
import { inputFromUtc, withUtcTimes } from '../forms/utc-time';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

/** What `webhook.route` returns: the rules that matched and the action jobs they made. */
interface RouteOutcome {
  matchedRules?: string[];
  jobs?: string[];
}

/** The inbox: what came in, how it was verified and routed, and replaying it. */
@Controller('dashboard/webhooks')
@UseFilters(DashboardErrorFilter)
export class WebhookPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly events: WebhookEventsService,
    private readonly sources: WebhookSourcesService,
    private readonly jobs: JobsService,
    private readonly rules: RulesService,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = validInput(ListEventsQuery, withUtcTimes(raw));
    const [page, sources] = await Promise.all([this.events.list(query), this.sources.list()]);
    const { source, type, status, q, from, to } = query;
    const filter = { source, type, status, q, from, to, limit: query.limit };
    await this.pages.send(req, res, 'webhooks', {
      title: 'Webhooks',
      section: 'webhooks',
      events: page.events,
      filter,
      bulkFilter: Object.entries({ source, type, status, q, from, to })
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => ({ key, value })),
      fromInput: inputFromUtc(from),
      toInput: inputFromUtc(to),
      filtered: Boolean(source ?? type ?? status ?? q ?? from ?? to ?? query.cursor),
      sources: sources.map((s) => s.slug),
      statuses: ROUTING_STATUSES,
      nextUrl: page.next ? `/dashboard/webhooks${queryString({ ...filter, cursor: page.next })}` : null,
    });
  }

  @Get(':id')
  async show(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('replayed') replayed: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const event = await this.events.get(id);
    const routeJob = await this.jobOrNull(event.routeJobId);
    const outcome = (routeJob?.result ?? {}) as RouteOutcome;
    const rules = outcome.matchedRules?.length ? await this.rules.list() : [];
    const actionJobs = await Promise.all((outcome.jobs ?? []).map((jobId) => this.jobOrNull(jobId)));
    const unfinished = (job: JobView | null) => job !== null && ['queued', 'running', 'failed'].includes(job.state);
    await this.pages.send(req, res, 'webhook', {
      title: `Webhook ${event.type}`,
      section: 'webhooks',
      event,
      routeJob,
      matchedRules: (outcome.matchedRules ?? []).map((ruleId) => rules.find((r) => r.id === ruleId) ?? { id: ruleId }),
      actionJobs: (outcome.jobs ?? []).map((jobId, i) => actionJobs[i] ?? { id: jobId }),
      // Updated live while it is being routed or any of its jobs has yet to finish.
      running: event.routingStatus === 'pending' || [routeJob, ...actionJobs].some(unfinished),
      notice: replayed === undefined ? undefined : 'Replayed: a new routing job is queued for this event.',
    });
  }

  @Post(':id/replay')
  @Redirect()
  async replay(@Param('id', ParseUUIDPipe) id: string) {
    await this.events.replay(id);
    return { url: `/dashboard/webhooks/${id}?replayed=1`, statusCode: 303 };
  }

  /** A job pg-boss no longer keeps (retention) shows as its id only. */
  private async jobOrNull(id: string): Promise<JobView | null> {
    try {
      return await this.jobs.get(id);
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }
}
