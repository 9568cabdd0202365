import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { publicBaseUrl } from '../../auth/public-url';
import { AppConfig } from '../../platform/config/app-config';
import { CRM_LABELS } from '../../people/crm/crm-labels';
import { PeopleDirectory } from '../../people/directory/people-directory';
import { PeopleSearchQuery } from '../../people/directory/people-search.query';
import { CrmWebhooksService } from '../../people/incremental/crm-webhooks.service';
import { PersonResumeFiles } from '../../people/resumes/person-resume-files';
import { ResumeFileGuard, ResumeFileRequest } from '../../people/resumes/resume-file.guard';
import { ResumeLinks } from '../../people/resumes/resume-links';
import { ObjectStorage } from '../../storage/object-storage';
import { MailIntakeStatus } from '../../people/mail-intake/mail-intake-status';
import { PeopleSyncService } from '../../people/sync/people-sync.service';
import { CrmNotConfiguredError } from '../../people/sync/sync-errors';
import { ServiceUnavailableException } from '@nestjs/common';
import { queryString, validInput } from '../forms/valid-input';
import { DashboardErrorFilter } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { PersonResumePanel } from './person-resume-panel';

const NOTICES: Record<string, string> = {
  sync: 'Full sync queued: it runs as soon as no other sync is running. Its counts appear under Syncs.',
  webhooks:
    "Switchyard's contact webhooks are registered in EspoCRM; their secrets are stored on the espocrm-contact-* sources.",
  mail: 'A poll of the resume mailbox is due now: its outcome appears under Resumes by e-mail.',
};
const PAGE_SIZE = 50;

/** People: the people cache (EspoCRM and HubSpot), searched; a person's fields; EspoCRM's syncs and their counts. */
@Controller('dashboard/people')
@UseFilters(DashboardErrorFilter)
export class PeoplePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly directory: PeopleDirectory,
    private readonly sync: PeopleSyncService,
    private readonly webhooks: CrmWebhooksService,
    private readonly config: AppConfig,
    private readonly resumes: PersonResumeFiles,
    private readonly links: ResumeLinks,
    private readonly storage: ObjectStorage,
    private readonly resumePanel: PersonResumePanel,
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
    const filter = { q: query.q, status: query.status, crm: query.crm };
    await this.pages.send(req, res, 'people', {
      title: 'People',
      section: 'people',
      people: people.map((p) => ({
        ...p,
        crmLabel: CRM_LABELS[p.crm],
        skillNames: p.skills.map((s) => s.name).join(', '),
      })),
      total,
      filter,
      filtered: filter.q !== undefined || filter.status !== undefined || filter.crm !== undefined,
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
    const { files } = await this.resumes.list(id);
    await this.pages.send(req, res, 'person', {
      title: person.name ?? person.crmId,
      section: 'people',
      person,
      crmLabel: CRM_LABELS[person.crm],
      resumeFiles: files,
      linkTtlMinutes: Math.max(1, Math.round(this.config.files.linkTtlSeconds / 60)),
      formActionOrigins: this.storageOrigins(),
      resume: await this.resumePanel.for(person),
      // The EspoCRM full sync says nothing about HubSpot people (their sync sources do).
      lastSync: person.crm === 'espocrm' ? (lastSync ?? null) : null,
      crmUrl:
        person.crm === 'espocrm' && this.config.crm.espo
          ? `${this.config.crm.espo.baseUrl.replace(/\/api\/v1$/, '')}/#Contact/view/${person.crmId}`
          : null,
    });
  }

  /** A fresh expiring link to one of the person's resumes (a CRM attachment is copied into storage first). */
  @Post(':id/resumes/:file/download')
  @UseGuards(ResumeFileGuard)
  @Redirect()
  async downloadResume(@Req() req: ResumeFileRequest) {
    const { url } = await this.links.link(req.resumeObject!);
    // A disk link is this api's own /files/<token>: sent as a path, so the browser stays on the host it is
    // using (PUBLIC_BASE_URL may name another), which the page's form-action 'self' allows.
    const target = this.storage.kind === 'disk' ? new URL(url).pathname : url;
    return { url: target, statusCode: 303 };
  }

  /** Where a download form's redirect may land besides here: presigned links are on MinIO's public endpoint. */
  private storageOrigins(): string[] {
    const { backend, minio } = this.config.files;
    return backend === 'minio' && minio ? [new URL(minio.publicEndpoint).origin] : [];
  }
}
