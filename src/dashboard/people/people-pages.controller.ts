import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Redirect, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { publicBaseUrl } from '../../auth/public-url';
import { AppConfig } from '../../platform/config/app-config';
import { PeopleDirectory } from '../../people/directory/people-directory';
import { PeopleSearchQuery } from '../../people/directory/people-search.query';
import { CrmWebhooksService } from '../../people/incremental/crm-webhooks.service';
import { MailIntakeStatus } from '../../people/mail-intake/mail-intake-status';
import { PeopleSyncService } from '../../people/sync/people-sync.service';
import { CrmNotConfiguredError } from '../../people/sync/sync-errors';
import { ServiceUnavailableException } from '@nestjs/common';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';

const NOTICES: Record<string, string> = {
  sync: 'Full sync queued: it runs as soon as no other sync is running. Its counts appear under Syncs.',
  webhooks:
    "Switchyard's contact webhooks are registered in EspoCRM; their secrets are stored on the espocrm-contact-* sources.",
  mail: 'A poll of the resume mailbox is due now: its outcome appears under Resumes by e-mail.',
};
const PAGE_SIZE = 50;

/** People: the EspoCRM people cache, searched; a person's fields; the syncs and their counts. */
@Controller('dashboard/people')
@UseFilters(DashboardErrorFilter)
export class PeoplePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly directory: PeopleDirectory,
    private readonly sync: PeopleSyncService,
    private readonly webhooks: CrmWebhooksService,
    private readonly config: AppConfig,
    private readonly mailIntake: MailIntakeStatus,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { done, ...filters } = raw;
    const query = validInput(PeopleSearchQuery, filters);
    const offset = query.offset ?? 0;
    const { people, total } = await this.directory.search({ ...query, limit: PAGE_SIZE, offset });
    const runs = await this.sync.latestRuns(10);
    const mailIntake = await this.mailIntake.status(10);
    const filter = { q: query.q, status: query.status };
    await this.pages.send(req, res, 'people', {
      title: 'People',
      section: 'people',
      people: people.map((p) => ({ ...p, skillNames: p.skills.map((s) => s.name).join(', ') })),
      total,
      filter,
      filtered: filter.q !== undefined || filter.status !== undefined,
      runs,
      mailIntake,
      lastSync: runs.find((run) => run.status === 'succeeded') ?? null,
      configured: this.config.crm.espo !== undefined,
      syncEvery: this.config.crm.sync.enabled ? this.config.crm.sync.intervalSeconds : null,
      notice: done === undefined ? undefined : NOTICES[done],
      nextUrl:
        offset + PAGE_SIZE < total
          ? `/dashboard/people${queryString({ ...filter, offset: offset + PAGE_SIZE })}`
          : null,
    });
  }

  @Post('sync')
  @Redirect()
  async startSync(@Req() req: Request) {
    try {
      await this.sync.request('dashboard', req.caller?.actor.name ?? null);
    } catch (error) {
      if (error instanceof CrmNotConfiguredError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    return { url: '/dashboard/people?done=sync', statusCode: 303 };
  }

  @Post('crm-webhooks')
  @Redirect()
  async registerWebhooks(@Req() req: Request) {
    await this.webhooks.register(publicBaseUrl(this.config, req));
    return { url: '/dashboard/people?done=webhooks', statusCode: 303 };
  }

  @Post('mail-intake/poll')
  @Redirect()
  async pollMailbox(@Req() req: Request) {
    await this.mailIntake.pollNow(req.caller?.actor.name ?? null);
    return { url: '/dashboard/people?done=mail#mail-intake', statusCode: 303 };
  }

  @Get(':id')
  async person(@Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const person = await this.directory.get(id);
    const [lastSync] = (await this.sync.latestRuns(10)).filter((run) => run.status === 'succeeded');
    await this.pages.send(req, res, 'person', {
      title: person.name ?? person.crmId,
      section: 'people',
      person,
      lastSync: lastSync ?? null,
      crmUrl: this.config.crm.espo
        ? `${this.config.crm.espo.baseUrl.replace(/\/api\/v1$/, '')}/#Contact/view/${person.crmId}`
        : null,
    });
  }
}
