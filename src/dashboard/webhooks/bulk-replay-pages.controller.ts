import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Redirect, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventFilter } from '../../webhooks/events/event-filter';
import { BulkReplaysService } from '../../webhooks/replay/bulk-replays.service';
import { withUtcTimes } from '../forms/utc-time';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const FILTER_FIELDS = ['source', 'type', 'status', 'q', 'from', 'to'] as const;

/**
 * Bulk replay of the webhooks list's current filter: started here, run in the background by the
 * worker (BulkReplaysService), followed on a page whose progress part htmx reloads every second
 * until the replay has finished.
 */
@Controller('dashboard/webhooks/replays')
@UseFilters(DashboardErrorFilter)
export class BulkReplayPagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly replays: BulkReplaysService,
  ) {}

  @Post()
  @Redirect()
  async start(@Body() body: Record<string, unknown>) {
    const fields = Object.fromEntries(FILTER_FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : '']));
    const replay = await this.replays.start(validInput(EventFilter, withUtcTimes(fields)));
    // `id` is not part of the redirect: it names the replay in the audit event.
    return { url: `/dashboard/webhooks/replays/${replay.id}`, statusCode: 303, id: replay.id };
  }

  @Get(':id')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const replay = await this.replays.get(id);
    await this.pages.send(req, res, 'bulk-replay', {
      title: 'Bulk replay',
      section: 'webhooks',
      replay: progressOf(replay),
      filter: Object.entries(replay.filter).map(([key, value]) => ({ key, value: String(value) })),
      listUrl: `/dashboard/webhooks${queryString(replay.filter as Record<string, unknown>)}`,
    });
  }

  /** The progress part alone, for htmx's polling. */
  @Get(':id/progress')
  async progress(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const replay = await this.replays.get(id);
    await this.pages.send(req, res, 'bulk-replay-progress', {
      title: 'Bulk replay',
      section: 'webhooks',
      replay: progressOf(replay),
    });
  }
}

function progressOf(replay: Awaited<ReturnType<BulkReplaysService['get']>>) {
  return { ...replay, percent: Math.floor(replay.progress * 100), max: Math.max(replay.total, 1) };
}
