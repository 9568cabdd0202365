import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { MoreSources } from './more-sources';
import { CreateSourceDto, RotateSecretDto, UpdateSourceDto } from './source.dto';
import { WebhookSourcesService } from './webhook-sources.service';

@Controller('webhooks/sources')
export class SourcesController {
  constructor(
    private readonly sources: WebhookSourcesService,
    private readonly more: MoreSources,
  ) {}

  /** Webhook sources (`kind: "webhook"`), then polled ones (`kind: "sync"`, see src/sync). */
  @Get()
  async list() {
    const webhooks = (await this.sources.list()).map((source) => ({ kind: 'webhook' as const, ...source }));
    return [...webhooks, ...(await this.more.list())];
  }

  @Get(':slug')
  get(@Param('slug') slug: string) {
    return this.sources.get(slug);
  }

  @Post()
  create(@Body() dto: CreateSourceDto) {
    return this.sources.create(dto);
  }

  @Patch(':slug')
  update(@Param('slug') slug: string, @Body() dto: UpdateSourceDto) {
    return this.sources.update(slug, dto);
  }

  @Post(':slug/rotate')
  @HttpCode(200)
  rotate(@Param('slug') slug: string, @Body() dto: RotateSecretDto) {
    return this.sources.rotate(slug, dto);
  }

  @Post(':slug/disable')
  @HttpCode(200)
  disable(@Param('slug') slug: string) {
    return this.sources.update(slug, { enabled: false });
  }

  @Post(':slug/enable')
  @HttpCode(200)
  enable(@Param('slug') slug: string) {
    return this.sources.update(slug, { enabled: true });
  }
}
