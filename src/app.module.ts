import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Role } from './cli/command';
import { AlertsModule } from './alerts/alerts.module';
import { AlertsHttpModule } from './alerts/alerts-http.module';
import { OpsAlertsCoreModule } from './alerts/discord/ops-alerts-core.module';
import { OpsAlertsMonitorModule } from './alerts/discord/ops-alerts-monitor.module';
import { OpsAlertsWorkerModule } from './alerts/discord/ops-alerts-worker.module';
import { AuditModule } from './audit/audit.module';
import { AuditHttpModule } from './audit/audit-http.module';
import { AccessModule } from './auth/access/access.module';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DiscordModule } from './discord/discord.module';
import { DiscordHttpModule } from './discord/discord-http.module';
import { DiscordWorkerModule } from './discord/discord-worker.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { IntegrationsWorkerModule } from './integrations/integrations-worker.module';
import { GoogleOAuthModule } from './integrations/google/oauth/google-oauth.module';
import { GoogleOAuthHttpModule } from './integrations/google/oauth/google-oauth-http.module';
import { JobsHttpModule } from './jobs/jobs-http.module';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { RetentionModule } from './platform/retention/retention.module';
import { MetricsHttpModule } from './platform/metrics/metrics-http.module';
import { PeopleModule } from './people/people.module';
import { PeopleHttpModule } from './people/people-http.module';
import { PeopleWorkerModule } from './people/people-worker.module';
import { QueueModule } from './platform/queue/queue.module';
import { RoutingModule } from './routing/routing.module';
import { ClusterGaugesModule } from './status/cluster-gauges.module';
import { RoutingHttpModule } from './routing/routing-http.module';
import { ResumesModule } from './resumes/resumes.module';
import { ResumesHttpModule } from './resumes/resumes-http.module';
import { ResumesWorkerModule } from './resumes/resumes-worker.module';
import { RoutingWorkerModule } from './routing/routing-worker.module';
import { StorageModule } from './storage/storage.module';
import { StorageHttpModule } from './storage/storage-http.module';
import { SyncModule } from './sync/sync.module';
import { SyncHttpModule } from './sync/sync-http.module';
import { SyncWorkerModule } from './sync/sync-worker.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

export interface AppContext {
  roles: readonly Role[];
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
}

/** Feature modules per role; the shared ones below are in every process. */
const ROLE_MODULES: Record<Role, DynamicModule['imports']> = {
  api: [
    WebhooksHttpModule,
    JobsHttpModule,
    RoutingHttpModule,
    DiscordHttpModule,
    AlertsHttpModule,
    AuthModule,
    AuditHttpModule,
    DashboardModule,
    StorageHttpModule,
    ResumesHttpModule,
    // Metrics: the guarded scrape and the installation-wide gauges.
    MetricsHttpModule,
    ClusterGaugesModule,
    PeopleHttpModule,
    SyncHttpModule,
    GoogleOAuthHttpModule,
    OpsAlertsMonitorModule,
  ],
  worker: [
    RoutingWorkerModule,
    WebhooksWorkerModule,
    DiscordWorkerModule,
    PeopleWorkerModule,
    ResumesWorkerModule,
    SyncWorkerModule,
    IntegrationsWorkerModule,
    // Ops alerts to Discord.
    OpsAlertsMonitorModule,
    OpsAlertsWorkerModule,
  ],
  // Loaded only in a process that runs the bot: discord.js and necord add most of a second to any boot.
  get bot() {
    return [import('./discord/bot/bot.module.js').then(({ BotModule }) => ({ module: BotModule }))];
  },
};

@Module({})
export class AppModule {
  /** One root module per role set, composed from the shared feature modules. */
  static forRoles({ roles, config, databaseUrl, logger }: AppContext): DynamicModule {
    const works = roles.includes('worker');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger, config.http.trustProxy),
        MetricsModule,
        RetentionModule,
        DatabaseModule.forRoot(databaseUrl, config.database.poolSize),
        // The instance name is the role set (`api+worker`): heartbeats per role are read from it.
        QueueModule.forRoot({ works, instanceName: roles.join('+') }),
        HealthModule,
        AuditModule,
        AlertsModule,
        AccessModule,
        WebhooksModule,
        RoutingModule,
        DiscordModule,
        IntegrationsModule,
        GoogleOAuthModule,
        StorageModule,
        PeopleModule,
        ResumesModule,
        SyncModule,
        OpsAlertsCoreModule,
        ...roles.flatMap((role) => ROLE_MODULES[role] ?? []),
      ],
    };
  }
}
