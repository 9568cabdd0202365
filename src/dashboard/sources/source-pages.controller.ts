import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CreateSourceDto, RotateSecretDto } from '../../webhooks/sources/source.dto';
import { SourceView, WebhookSourcesService } from '../../webhooks/sources/webhook-sources.service';
import { FormProblems, tryForm } from '../forms/form-problems';
import { validObject } from '../forms/valid-input';
import { DashboardErrorFilter, FormPageException } from '../pages/dashboard-error.filter';
import { DashboardPages } from '../pages/dashboard-pages';
import { SourceForm, SourcesPage } from './sources-page';

/** How long the secrets in use stay valid beside a new one; the API's default (24 h) first. */
const GRACE_PERIODS = [
  { seconds: 86_400, label: '24 hours (time to update the provider)' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 604_800, label: '7 days' },
  { seconds: 0, label: 'No time: retire them now' },
];

const NOTICES: Record<string, string> = {
  enabled: 'Source enabled: deliveries are accepted again.',
  disabled: 'Source disabled: deliveries to it are refused (403) until it is enabled again.',
};

const SYNC_NOTICES: Record<string, string> = {
  created: 'Polled source added: it runs on its schedule, or now with Sync now.',
  queued: 'Sync now: a run is queued.',
  due: 'Sync now: the run that was waiting is due now.',
  running: 'Sync now: a run of this source is running already; nothing more was queued.',
  paused: 'Polled source paused: its schedule is off until it is resumed.',
  resumed: 'Polled source resumed: it runs on its schedule again.',
  accepted: 'Deletions accepted: the next complete listing deletes what it does not list.',
  watched: 'Gmail watch renewed: Gmail pushes for another 7 days.',
  watching: 'Watch channel opened: Google pushes this calendar’s changes (renewed before it expires).',
};

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? body[name] : '');

export function parseSettings(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestException('settings must be JSON, e.g. {"mode": "token", "header": "X-Token"}');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestException('settings must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Webhook sources: the URL to paste into each provider, adding one, rotating its secret (shown
 * once, on the answer to the POST, never stored readable or shown again), switching it off and on.
 */
@Controller('dashboard/sources')
@UseFilters(DashboardErrorFilter)
export class SourcePagesController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly sources: WebhookSourcesService,
    private readonly page: SourcesPage,
  ) {}

  @Get()
  async list(@Query('sync') sync: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const notice = sync === undefined ? undefined : SYNC_NOTICES[sync];
    await this.pages.send(req, res, 'sources', { ...(await this.page.model(req)), notice });
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form: SourceForm = {
      slug: field(body, 'slug'),
      provider: field(body, 'provider'),
      settings: field(body, 'settings'),
    };
    const created = await tryForm(async () => {
      const settings = parseSettings(form.settings);
      return this.sources.create(validObject(CreateSourceDto, { slug: form.slug, provider: form.provider, settings }));
    });
    if ('problems' in created) throw await this.refused(req, form, created.problems);
    await this.sendSecret(req, res, created.ok, 'created', 201);
    // Not sent (the page is): names the source in the audit event.
    return { slug: created.ok.slug };
  }

  @Get(':slug')
  async show(
    @Param('slug') slug: string,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const source = await this.sources.get(slug);
    await this.pages.send(req, res, 'source', {
      title: `Source ${slug}`,
      section: 'sources',
      source: this.withUrl(req, source),
      gracePeriods: GRACE_PERIODS,
      notice: done === undefined ? undefined : NOTICES[done],
    });
  }

  @Post(':slug/rotate')
  async rotate(
    @Param('slug') slug: string,
    @Body('previousValidForSeconds') grace: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const seconds = typeof grace === 'string' && grace !== '' ? Number(grace) : undefined;
    const rotated = await this.sources.rotate(slug, validObject(RotateSecretDto, { previousValidForSeconds: seconds }));
    await this.sendSecret(req, res, rotated, 'rotated', 200);
  }

  @Post(':slug/enable')
  @Redirect()
  async enable(@Param('slug') slug: string) {
    await this.sources.update(slug, { enabled: true });
    return { url: `/dashboard/sources/${slug}?done=enabled`, statusCode: 303 };
  }

  @Post(':slug/disable')
  @Redirect()
  async disable(@Param('slug') slug: string) {
    await this.sources.update(slug, { enabled: false });
    return { url: `/dashboard/sources/${slug}?done=disabled`, statusCode: 303 };
  }

  private async refused(req: Request, form: SourceForm, problems: FormProblems) {
    return new FormPageException('sources', await this.page.model(req, { form, problems }), 400);
  }

  private withUrl(req: Request, source: SourceView) {
    return this.page.withUrl(req, source);
  }

  private async sendSecret(
    req: Request,
    res: Response,
    source: SourceView & { secret: string },
    what: 'created' | 'rotated',
    status: number,
  ): Promise<void> {
    await this.pages.send(
      req,
      res,
      'source-secret',
      {
        title: `Secret of ${source.slug}`,
        section: 'sources',
        source: this.withUrl(req, source),
        secret: source.secret,
        what,
      },
      status,
    );
  }
}
