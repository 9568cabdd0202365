import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { callerOf } from '../auth/access/caller';
import { AuditEventsService } from './audit-events.service';
import { ListAuditEventsQuery } from './audit-filter';
import { ReportAuditEventDto } from './report-audit-event.dto';

@Controller('audit/events')
export class AuditController {
  constructor(private readonly events: AuditEventsService) {}

  /** Newest first, filtered by actor, source, action and time, in keyset pages. */
  @Get()
  list(@Query() query: ListAuditEventsQuery) {
    return this.events.list(query);
  }

  /** An action taken elsewhere (the bot) on someone's behalf; the event names the token that reported it. */
  @Post()
  report(@Body() dto: ReportAuditEventDto, @Req() req: Request) {
    return this.events.report(dto, callerOf(req).actor);
  }
}
