import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { BulkReplaysService } from '../replay/bulk-replays.service';
import { EventFilter } from './event-filter';
import { ListEventsQuery } from './list-events.query';
import { WebhookEventsService } from './webhook-events.service';

@Controller('webhooks')
export class EventsController {
  constructor(
    private readonly events: WebhookEventsService,
    private readonly replays: BulkReplaysService,
  ) {}

  @Get('events')
  list(@Query() query: ListEventsQuery) {
    return this.events.list(query);
  }

  @Get('events/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.events.get(id);
  }

  @Post('events/:id/replay')
  @HttpCode(202)
  replay(@Param('id', ParseUUIDPipe) id: string) {
    return this.events.replay(id);
  }

  /** Replays every event matching the filter in the background; follow it at GET /webhooks/replays/:id. */
  @Post('replays')
  @HttpCode(202)
  bulkReplay(@Body() filter: EventFilter) {
    return this.replays.start(filter);
  }

  @Get('replays/:id')
  bulkReplayProgress(@Param('id', ParseUUIDPipe) id: string) {
    return this.replays.get(id);
  }
}
