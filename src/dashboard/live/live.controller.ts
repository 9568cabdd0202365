import {
  Controller,
  Get,
  NotAcceptableException,
  Req,
  Res,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { sessionOf } from '../../auth/access/caller';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { LiveStream } from './live-stream';
import { LiveUpdates } from './live-updates';

export const LIVE_RETRY_MS = 2_000;
export const LIVE_HEARTBEAT_MS = 15_000;

/**
 * `GET /dashboard/live`: the Server-Sent Events stream the pages listen to (htmx's sse extension). It
 * carries only the kind of what changed (`webhook`, `job`, `audit`); pages fetch what they show
 * through their own routes, so the stream needs no per-page filtering.
 */
@Controller('dashboard/live')
@UseFilters(DashboardErrorFilter)
export class LiveController {
  constructor(private readonly updates: LiveUpdates) {}

  @Get()
  stream(@Req() req: Request, @Res() res: Response): void {
    if (!req.accepts('text/event-stream')) {
      throw new NotAcceptableException(
        'This is the dashboard’s live update stream (Server-Sent Events): it answers Accept: text/event-stream',
      );
    }
    if (!this.updates.accepting) throw new ServiceUnavailableException('Shutting down: reconnect shortly');
    const stream = new LiveStream(res, {
      retryMs: LIVE_RETRY_MS,
      heartbeatMs: LIVE_HEARTBEAT_MS,
      endAt: sessionOf(req).expiresAt,
    });
    stream.open();
    stream.onEnd(this.updates.subscribe(stream));
  }
}
