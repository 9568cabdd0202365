import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUDIT_SOURCES } from '../../audit/audit-event.entity';
import { AuditEventsService } from '../../audit/audit-events.service';
import { ListAuditEventsQuery } from '../../audit/audit-filter';
import { inputFromUtc, withUtcTimes } from '../forms/utc-time';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

/** The audit trail: who did what, from where, filtered by actor, action, source and time, newest first. */
@Controller('dashboard/audit')
@UseFilters(DashboardErrorFilter)
export class AuditPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly audit: AuditEventsService,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = validInput(ListAuditEventsQuery, withUtcTimes(raw));
    const page = await this.audit.list(query);
    const filter = {
      actor: query.actor,
      source: query.source,
      action: query.action,
      from: query.from,
      to: query.to,
      limit: query.limit,
    };
    await this.pages.send(req, res, 'audit', {
      title: 'Audit log',
      section: 'audit',
      events: page.events.map((e) => ({ ...e, hasData: Object.keys(e.data).length > 0 })),
      filter,
      fromInput: inputFromUtc(query.from),
      toInput: inputFromUtc(query.to),
      filtered: Object.values(filter).some((v) => v !== undefined) || query.cursor !== undefined,
      sources: AUDIT_SOURCES,
      nextUrl: page.next ? `/dashboard/audit${queryString({ ...filter, cursor: page.next })}` : null,
    });
  }
}
