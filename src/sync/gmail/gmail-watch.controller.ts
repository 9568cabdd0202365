import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { GmailWatchService } from './gmail-watch.service';

/** A gmail-messages source's push watch: read it, renew it now, stop it. */
@Controller('sync/sources/:slug/gmail-watch')
export class GmailWatchController {
  constructor(private readonly watches: GmailWatchService) {}

  @Get()
  get(@Param('slug') slug: string) {
    return this.watches.get(slug);
  }

  @Post()
  @HttpCode(200)
  renew(@Param('slug') slug: string) {
    return this.watches.renew(slug);
  }

  @Delete()
  stop(@Param('slug') slug: string) {
    return this.watches.stop(slug);
  }
}
