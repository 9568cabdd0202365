import { Body, Controller, Param, Post, Redirect, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { GmailWatchService } from '../../sync/gmail/gmail-watch.service';
import { CreateSyncSourceDto } from '../../sync/sources/sync-source.dto';
import { CalendarWatches } from '../../sync/google-calendar/calendar-watches';
import { SyncSourcesService } from '../../sync/sources/sync-sources.service';
import { tryForm } from '../forms/form-problems';
import { validObject } from '../forms/valid-input';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { parseSettings } from './source-pages.controller';
import { SourcesPage, SyncSourceForm } from './sources-page';

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? body[name] : '');

const back = (notice: string) => ({ url: `/dashboard/sources?sync=${notice}#polled`, statusCode: 303 });

/**
 * Polled sources on the Sources page: adding one (its secret, if any, is sealed and never shown
 * again), sync now, pause, resume, accepting the deletions a short listing was refused, and
 * opening or renewing a Google Calendar source's watch channel, and renewing a Gmail source's push
 * watch.
 */
@Controller('dashboard/sync-sources')
@UseFilters(DashboardErrorFilter)
export class SyncSourcePagesController {
  constructor(
    private readonly syncSources: SyncSourcesService,
    private readonly page: SourcesPage,
    private readonly watches: CalendarWatches,
    private readonly gmailWatches: GmailWatchService,
  ) {}

  @Post()
  @Redirect()
  async create(@Body() body: Record<string, unknown>, @Req() req: Request) {
    const form: SyncSourceForm = {
      slug: field(body, 'slug'),
      connector: field(body, 'connector'),
      settings: field(body, 'settings'),
      intervalSeconds: field(body, 'intervalSeconds'),
    };
    const secret = field(body, 'secret');
    const created = await tryForm(async () =>
      this.syncSources.create(
        validObject(CreateSyncSourceDto, {
          slug: form.slug,
          connector: form.connector,
          settings: parseSettings(form.settings) ?? {},
          secret: secret === '' ? undefined : secret,
          intervalSeconds: form.intervalSeconds === '' ? NaN : Number(form.intervalSeconds),
        }),
      ),
    );
    if ('problems' in created) {
      throw new FormPageException(
        'sources',
        await this.page.model(req, { syncForm: form, syncProblems: created.problems }),
        400,
      );
    }
    return back('created');
  }

  @Post(':slug/run')
  @Redirect()
  async runNow(@Param('slug') slug: string) {
    const answer = await this.syncSources.runNow(slug);
    return back(answer.queued ? 'queued' : answer.state === 'running' ? 'running' : 'due');
  }

  @Post(':slug/pause')
  @Redirect()
  async pause(@Param('slug') slug: string) {
    await this.syncSources.update(slug, { paused: true });
    return back('paused');
  }

  @Post(':slug/resume')
  @Redirect()
  async resume(@Param('slug') slug: string) {
    await this.syncSources.update(slug, { paused: false });
    return back('resumed');
  }

  /** A google-calendar source: a new watch channel (the old one stopped), so Google pushes its changes. */
  @Post(':slug/watch')
  @Redirect()
  async watch(@Param('slug') slug: string) {
    await this.watches.renew(slug);
    return back('watching');
  }

  /** A Gmail source's push watch renewed now (Gmail's refusal is the error page with its reason). */
  @Post(':slug/gmail-watch')
  @Redirect()
  async renewWatch(@Param('slug') slug: string) {
    await this.gmailWatches.renew(slug);
    return back('watched');
  }

  @Post(':slug/accept-deletions')
  @Redirect()
  async acceptDeletions(@Param('slug') slug: string) {
    await this.syncSources.acceptDeletions(slug);
    return back('accepted');
  }
}
