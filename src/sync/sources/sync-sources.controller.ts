import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CreateSyncSourceDto, UpdateSyncSourceDto } from './sync-source.dto';
import { SyncSourcesService } from './sync-sources.service';

@Controller('sync/sources')
export class SyncSourcesController {
  constructor(private readonly sources: SyncSourcesService) {}

  @Get()
  list() {
    return this.sources.list();
  }

  @Get(':slug')
  get(@Param('slug') slug: string) {
    return this.sources.get(slug);
  }

  @Post()
  create(@Body() dto: CreateSyncSourceDto) {
    return this.sources.create(dto);
  }

  @Patch(':slug')
  update(@Param('slug') slug: string, @Body() dto: UpdateSyncSourceDto) {
    return this.sources.update(slug, dto);
  }

  @Delete(':slug')
  remove(@Param('slug') slug: string) {
    return this.sources.remove(slug);
  }

  @Post(':slug/pause')
  @HttpCode(200)
  pause(@Param('slug') slug: string) {
    return this.sources.update(slug, { paused: true });
  }

  @Post(':slug/resume')
  @HttpCode(200)
  resume(@Param('slug') slug: string) {
    return this.sources.update(slug, { paused: false });
  }

  @Post(':slug/run')
  @HttpCode(202)
  runNow(@Param('slug') slug: string) {
    return this.sources.runNow(slug);
  }

  @Post(':slug/accept-deletions')
  @HttpCode(200)
  acceptDeletions(@Param('slug') slug: string) {
    return this.sources.acceptDeletions(slug);
  }
}
