import { Module } from '@nestjs/common';
import { GoogleAccessModule } from '../../integrations/google/access/google-access.module';
import { QueueModule } from '../../platform/queue/queue.module';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { SyncModule } from '../sync.module';
import { CalendarChannels } from './calendar-channels';
import { CalendarWatches } from './calendar-watches';
import { renewCalendarWatchesQueue } from './renew-calendar-watches.queue';

/** Every role: Google Calendar watch channels of google-calendar sources and their renewal queue. */
@Module({
  imports: [SyncModule, WebhooksModule, GoogleAccessModule, QueueModule.forFeature([renewCalendarWatchesQueue])],
  providers: [CalendarChannels, CalendarWatches],
  exports: [CalendarChannels, CalendarWatches],
})
export class GoogleCalendarSyncModule {}
