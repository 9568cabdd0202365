import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  NotAcceptableException,
  Req,
  Res,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { sessionOf } from '../../auth/access/caller';
import { AppConfig } from '../../platform/config/app-config';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { LiveStream } from './live-stream';
import { LiveUpdates } from './live-updates';
import { StreamSlots } from './stream-slots';

export const LIVE_RETRY_MS = 2_000;
export const LIVE_HEARTBEAT_MS = 15_000;
/** Retry-After on a stream refused for the caps; htmx's sse extension backs off on its own anyway. */
const FULL_RETRY_AFTER_SECONDS = 30;

/**
 * `GET /dashboard/live`: the Server-Sent Events stream the pages listen to (htmx's sse extension). It
 * carries only the kind of what changed (`webhook`, `job`, `audit`); pages fetch what they show
 * through their own routes, so the stream needs no per-page filtering. Open streams are capped per
 * session and per process (DASHBOARD_LIVE_MAX_STREAMS_PER_SESSION, DASHBOARD_LIVE_MAX_STREAMS):
 * beyond them 429 with the reason; a closed stream frees its slot.
 */
@Controller('dashboard/live')
@UseFilters(DashboardErrorFilter)
export class LiveController {
  private readonly slots: StreamSlots;

  constructor(
    private readonly updates: LiveUpdates,
    config: AppConfig,
  ) {
    this.slots = new StreamSlots({
      perSession: config.dashboard.liveStreamsPerSession,
      total: config.dashboard.liveStreams,
    });
  }

  @Get()
  stream(@Req() req: Request, @Res() res: Response): void {
    if (!req.accepts('text/event-stream')) {
      throw new NotAcceptableException(
        'This is the dashboard’s live update stream (Server-Sent Events): it answers Accept: text/event-stream',
      );
    }
    if (!this.updates.accepting) throw new ServiceUnavailableException('Shutting down: reconnect shortly');
    const session = sessionOf(req);
    const slot = this.slots.take(session.id);
    if ('refused' in slot) {
      res.setHeader('Retry-After', String(FULL_RETRY_AFTER_SECONDS));
      throw new HttpException(
        { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: slot.refused, error: 'Too Many Requests' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const stream = new LiveStream(res, {
      retryMs: LIVE_RETRY_MS,
      heartbeatMs: LIVE_HEARTBEAT_MS,
      endAt: session.expiresAt,
    });
    stream.open();
    stream.onEnd(this.updates.subscribe(stream));
    stream.onEnd(slot.release);
  }
}
