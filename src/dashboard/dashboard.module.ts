import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { SignInPageFilter } from '../auth/pages/sign-in-page.filter';
import { JobsModule } from '../jobs/jobs.module';
import { RoutingModule } from '../routing/routing.module';
import { SystemStatusModule } from '../status/system-status.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WebhooksHttpModule } from '../webhooks/webhooks-http.module';
import { AssetsController } from './assets/assets.controller';
import { JobPagesController } from './jobs/job-pages.controller';
import { OverviewController } from './overview/overview.controller';
import { DashboardErrorFilter } from './pages/dashboard-error.filter';
import { DashboardPages } from './pages/dashboard-pages';
import { WebhookPagesController } from './webhooks/webhook-pages.controller';

/** api role: the admin dashboard, server-rendered pages over the same services as the admin API. */
@Module({
  imports: [SystemStatusModule, WebhooksModule, WebhooksHttpModule, JobsModule, RoutingModule],
  controllers: [AssetsController, OverviewController, WebhookPagesController, JobPagesController],
  providers: [DashboardPages, DashboardErrorFilter, SignInPageFilter],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The dashboard's forms post urlencoded (the CSRF token in `_csrf`); AccessGuard reads it after this.
    consumer.apply(urlencoded({ extended: false, limit: '64kb' })).forRoutes('dashboard/*path');
  }
}
