import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { JobsService } from '../../jobs/jobs.service';
import { ListJobsQuery } from '../../jobs/list-jobs.query';
import { readProcessHeartbeats } from '../../platform/queue/instance-table';
import { AttentionService } from '../../status/attention.service';
import { SystemStatusService } from '../../status/system-status.service';
import { IngestRejections } from '../../webhooks/ingest/rejections';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { activityChart } from './activity-chart';
import { MinuteActivity } from './minute-activity';

const STATES = ['queued', 'running', 'failed', 'dead'] as const;

const NOTICES: Record<string, string> = {
  unparked: 'Unparked: the post holding the channel is queued again, and the posts behind it follow in order.',
  enabled: 'Enabled: new forwards go to the target again. Redrive the dead ones to send them.',
};

/** The landing page: is anything piling up or failing, are webhooks arriving, is a worker alive. */
@Controller('dashboard')
@UseFilters(DashboardErrorFilter)
export class OverviewController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly status: SystemStatusService,
    private readonly rejections: IngestRejections,
    private readonly activity: MinuteActivity,
    private readonly jobs: JobsService,
    private readonly attention: AttentionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async show(@Query('done') done: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [status, minutes, processes, dead, attention] = await Promise.all([
      this.status.read(),
      this.activity.lastHour(),
      readProcessHeartbeats(this.dataSource),
      this.jobs.list(Object.assign(new ListJobsQuery(), { state: 'dead', limit: 5 })),
      this.attention.read(),
    ]);
    const total = (state: (typeof STATES)[number]) => status.queues.reduce((n, q) => n + (q.counts[state] ?? 0), 0);
    const rejections = this.rejections.summary(5);
    const bots = processes.filter((p) => p.roles.split('+').includes('bot'));
    await this.pages.send(req, res, 'overview', {
      title: 'Overview',
      section: 'overview',
      states: STATES,
      totals: Object.fromEntries(STATES.map((s) => [s, total(s)])),
      queues: status.queues.filter((q) => Object.keys(q.counts).length > 0),
      oldestQueued: status.oldestQueued,
      sources: status.sources,
      worker: status.worker,
      bot: {
        processes: bots.reduce((n, p) => n + p.processes, 0),
        ageSeconds: bots.length ? Math.min(...bots.map((p) => p.ageSeconds)) : null,
      },
      processes,
      chart: activityChart(minutes),
      deadJobs: dead.jobs,
      rejections: this.rejections.summary(20).counts,
      recentRejections: rejections.recent,
      attention,
      needsAttention:
        attention.alerts.length + attention.parkedChannels.length + attention.heldChannels.length > 0 ||
        attention.disabledTargets.length > 0,
      notice: typeof done === 'string' ? NOTICES[done] : undefined,
    });
  }
}
