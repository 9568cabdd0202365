import { Body, Controller, Get, Post, Query } from '@nestjs/common';
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

  /** An action taken elsewhere (the bot, the dashboard's backend) on someone's behalf. */
  @Post()
  report(@Body() dto: ReportAuditEventDto) {
    return this.events.report(dto);
  }
}
