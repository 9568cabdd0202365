import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SystemStatusService } from '../../status/system-status.service';
import { IngestRejections } from '../../webhooks/ingest/rejections';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const STATES = ['queued', 'running', 'failed', 'dead'] as const;

/** The landing page: is anything piling up or failing, are webhooks arriving, is a worker alive. */
@Controller('dashboard')
@UseFilters(DashboardErrorFilter)
export class OverviewController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly status: SystemStatusService,
    private readonly rejections: IngestRejections,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const status = await this.status.read();
    const total = (state: (typeof STATES)[number]) => status.queues.reduce((n, q) => n + (q.counts[state] ?? 0), 0);
    await this.pages.send(req, res, 'overview', {
      title: 'Overview',
      section: 'overview',
      states: STATES,
      totals: Object.fromEntries(STATES.map((s) => [s, total(s)])),
      queues: status.queues.filter((q) => Object.keys(q.counts).length > 0),
      oldestQueued: status.oldestQueued,
      sources: status.sources,
      worker: status.worker,
      rejections: this.rejections.summary(20).counts,
    });
  }
}
