import { Module } from '@nestjs/common';
import { GmailWatchController } from './gmail/gmail-watch.controller';
import { SyncSourcesController } from './sources/sync-sources.controller';
import { CalendarWatchController } from './google-calendar/calendar-watch.controller';
import { GoogleCalendarSyncModule } from './google-calendar/google-calendar-sync.module';
import { SyncModule } from './sync.module';

/** api role: the sync sources API, Google Calendar watch channels and Gmail sources' watches included. */
@Module({
  imports: [SyncModule, GoogleCalendarSyncModule],
  controllers: [SyncSourcesController, CalendarWatchController, GmailWatchController],
})
export class SyncHttpModule {}
