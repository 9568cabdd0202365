import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CalendarWatches } from './calendar-watches';

/** The watch channels of a google-calendar sync source: list, renew now, stop. */
@Controller('sync/sources')
export class CalendarWatchController {
  constructor(private readonly watches: CalendarWatches) {}

  @Get(':slug/watch')
  list(@Param('slug') slug: string) {
    return this.watches.list(slug);
  }

  @Post(':slug/watch')
  @HttpCode(200)
  renew(@Param('slug') slug: string) {
    return this.watches.renew(slug);
  }

  @Delete(':slug/watch')
  stop(@Param('slug') slug: string) {
    return this.watches.stop(slug);
  }
}
