import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { AuditEventsModule } from '../audit/audit-events.module';
import { SignInPageFilter } from '../auth/pages/sign-in-page.filter';
import { ScheduledMessagesModule } from '../discord/schedules/scheduled-messages.module';
import { JobsModule } from '../jobs/jobs.module';
import { PeopleHttpModule } from '../people/people-http.module';
import { ResumesHttpModule } from '../resumes/resumes-http.module';
import { RoutingModule } from '../routing/routing.module';
import { SystemStatusModule } from '../status/system-status.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WebhooksHttpModule } from '../webhooks/webhooks-http.module';
import { GoogleCalendarSyncModule } from '../sync/google-calendar/google-calendar-sync.module';
import { SyncModule } from '../sync/sync.module';
import { GoogleOAuthHttpModule } from '../integrations/google/oauth/google-oauth-http.module';
import { GoogleAccountPagesController } from './google-accounts/google-account-pages.controller';
import { AssetsController } from './assets/assets.controller';
import { AttentionPagesController } from './attention/attention-pages.controller';
import { AuditPagesController } from './audit/audit-pages.controller';
import { JobPagesController } from './jobs/job-pages.controller';
import { ChangeListener } from './live/change-listener';
import { LiveController } from './live/live.controller';
import { LiveUpdates } from './live/live-updates';
import { MinuteActivity } from './overview/minute-activity';
import { OverviewController } from './overview/overview.controller';
import { DashboardErrorFilter } from './pages/dashboard-error.filter';
import { DashboardPages } from './pages/dashboard-pages';
import { PeoplePagesController } from './people/people-pages.controller';
import { PersonResumePanel } from './people/person-resume-panel';
import { ResumePagesController } from './people/resume-pages.controller';
import { ResumeSubmissionGuard } from './people/resume-submission.guard';
import { RulePagesController } from './rules/rule-pages.controller';
import { RuleTestPageController } from './rules/rule-test-page.controller';
import { SchedulePagesController } from './schedules/schedule-pages.controller';
import { SourcePagesController } from './sources/source-pages.controller';
import { SourcesPage } from './sources/sources-page';
import { SyncSourcePagesController } from './sources/sync-source-pages.controller';
import { SystemPagesController } from './system/system-pages.controller';
import { TokenPagesController } from './tokens/token-pages.controller';
import { DatabaseFactsReader } from '../status/database-facts';
import { BulkReplayPagesController } from './webhooks/bulk-replay-pages.controller';
import { WebhookPagesController } from './webhooks/webhook-pages.controller';

/** api role: the admin dashboard, server-rendered pages over the same services as the admin API. */
@Module({
  imports: [
    SystemStatusModule,
    WebhooksModule,
    WebhooksHttpModule,
    JobsModule,
    RoutingModule,
    ScheduledMessagesModule,
    AuditEventsModule,
    PeopleHttpModule,
    ResumesHttpModule,
    SyncModule,
    GoogleOAuthHttpModule,
    GoogleCalendarSyncModule,
  ],
  // Fixed paths (`rules/test`, `webhooks/replays/…`) before the `:id` routes beside them.
  controllers: [
    AssetsController,
    OverviewController,
    AttentionPagesController,
    BulkReplayPagesController,
    WebhookPagesController,
    JobPagesController,
    RuleTestPageController,
    RulePagesController,
    SourcePagesController,
    SyncSourcePagesController,
    GoogleAccountPagesController,
    SchedulePagesController,
    ResumePagesController,
    PeoplePagesController,
    AuditPagesController,
    TokenPagesController,
    SystemPagesController,
    LiveController,
  ],
  providers: [
    SourcesPage,
    DashboardPages,
    DashboardErrorFilter,
    SignInPageFilter,
    LiveUpdates,
    ChangeListener,
    MinuteActivity,
    DatabaseFactsReader,
    ResumeSubmissionGuard,
    PersonResumePanel,
  ],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The dashboard's forms post urlencoded (the CSRF token in `_csrf`); AccessGuard reads it after this.
    consumer.apply(urlencoded({ extended: false, limit: '64kb' })).forRoutes('dashboard/*path');
  }
}
