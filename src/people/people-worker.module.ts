import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ContactByEmail } from './agreements/contact-by-email';
import { MemberAgreementHandler } from './agreements/member-agreement.handler';
import { MemberAgreementTap } from './agreements/member-agreement.tap';
import { PeopleRefreshHandler } from './incremental/people-refresh.handler';
import { PeopleRefreshTap } from './incremental/people-refresh.tap';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/**
 * Worker role: the full sync's handler and schedule; contact re-reads from webhooks and signed member
 * agreements from DocuSeal (routing taps and their jobs).
 */
@Module({
  imports: [PeopleModule, RoutingModule],
  providers: [
    PeopleFullSyncHandler,
    PeopleSyncSchedule,
    PeopleRefreshTap,
    PeopleRefreshHandler,
    MemberAgreementTap,
    MemberAgreementHandler,
    ContactByEmail,
  ],
})
export class PeopleWorkerModule {}
