import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SyncModule } from '../sync/sync.module';
import { ContactByEmail } from './agreements/contact-by-email';
import { MemberAgreementHandler } from './agreements/member-agreement.handler';
import { MemberAgreementTap } from './agreements/member-agreement.tap';
import { ResumePreviewRetention } from './changes/resume-preview-retention';
import { HubspotPeopleHandler } from './hubspot/hubspot-people.handler';
import { HubspotPeopleTap } from './hubspot/hubspot-people.tap';
import { PeopleRefreshHandler } from './incremental/people-refresh.handler';
import { PeopleRefreshTap } from './incremental/people-refresh.tap';
import { MailIntakeWorkerModule } from './mail-intake/mail-intake-worker.module';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/**
 * Worker role: the full sync's handler and schedule; contact re-reads from webhooks, signed member
 * agreements from DocuSeal, and HubSpot contact events of people-feeding sync sources (routing taps
 * and their jobs); the mailbox intake's polls; the pruning of old resume previews posted in Discord.
 */
@Module({
  imports: [PeopleModule, RoutingModule, SyncModule, MailIntakeWorkerModule],
  providers: [
    PeopleFullSyncHandler,
    PeopleSyncSchedule,
    PeopleRefreshTap,
    PeopleRefreshHandler,
    HubspotPeopleTap,
    HubspotPeopleHandler,
    MemberAgreementTap,
    MemberAgreementHandler,
    ContactByEmail,
    ResumePreviewRetention,
  ],
})
export class PeopleWorkerModule {}
