import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { ResumesModule } from '../resumes/resumes.module';
import { memberAgreementQueue } from './agreements/member-agreement.queue';
import { EspoClients } from './crm/espo-clients';
import { PeopleDirectory } from './directory/people-directory';
import { PeopleLookup } from './directory/people-lookup';
import { DiscordUserLink } from './link/discord-user-link';
import { DownloadCopies } from './resumes/download-copies';
import { EspoContactReader } from './resumes/espo-contact-reader';
import { EspoResumeAttachments } from './resumes/espo-resume-attachments';
import { hubspotPeopleQueue } from './hubspot/hubspot-people.queue';
import { peopleFullSyncQueue, peopleRefreshQueue } from './sync/people-sync.queues';
import { PeopleSyncService } from './sync/people-sync.service';

/** Every role: the people queues (so any role may ask for a sync), the sync service, the directory, EspoCRM clients. */
@Module({
  imports: [
    QueueModule.forFeature([peopleFullSyncQueue, peopleRefreshQueue, hubspotPeopleQueue, memberAgreementQueue]),
    ResumesModule,
  ],
  // EspoContactReader plugs EspoCRM into resume previews (ContactReaders) when it is configured;
  // EspoResumeAttachments gives resume extraction the contacts' attachments (ResumeAttachments).
  // DownloadCopies registers its prune in every role; the worker's hourly prune runs it.
  providers: [
    PeopleSyncService,
    PeopleDirectory,
    PeopleLookup,
    EspoClients,
    EspoContactReader,
    DiscordUserLink,
    EspoResumeAttachments,
    DownloadCopies,
  ],
  exports: [
    DownloadCopies,
    PeopleSyncService,
    PeopleDirectory,
    PeopleLookup,
    EspoClients,
    DiscordUserLink,
    EspoResumeAttachments,
    ResumesModule,
  ],
})
export class PeopleModule {}
