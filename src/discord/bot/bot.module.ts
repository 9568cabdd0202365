import { Module } from '@nestjs/common';
import { NecordModule } from 'necord';
import { DiscordLinksModule } from '../../auth/discord-links/discord-links.module';
import { JobsModule } from '../../jobs/jobs.module';
import { PeopleChangesModule } from '../../people/changes/people-changes.module';
import { PeopleModule } from '../../people/people.module';
import { AppConfig } from '../../platform/config/app-config';
import { RoutingModule } from '../../routing/routing.module';
import { SystemStatusModule } from '../../status/system-status.module';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { ScheduledMessagesModule } from '../schedules/scheduled-messages.module';
import { botClientOptions } from './bot-client.options';
import { BOT_COMMANDS } from './bot-commands';
import { GuildMembers } from './commands/people/guild-members';
import { BotRestMetrics } from './gateway/bot-rest-metrics';
import { GatewayMonitor } from './gateway/gateway-monitor';
import { CommandRunner } from './interactions/command-runner';
import { DiscordAdmins } from './interactions/discord-admins';
import { UnfinishedAnswers } from './interactions/unfinished-answers';
import { secretBoxProvider } from '../../webhooks/sources/secret-box.provider';
import { RegisterOnReady } from './registration/register-on-ready';

/**
 * The bot role: a discord.js client on the gateway (through necord, imported by this role only)
 * serving the slash commands in BOT_COMMANDS with the same services the api and worker use.
 */
@Module({
  imports: [
    NecordModule.forRootAsync({ inject: [AppConfig], useFactory: botClientOptions }),
    JobsModule,
    RoutingModule,
    WebhooksModule,
    SystemStatusModule,
    ScheduledMessagesModule,
    DiscordLinksModule,
    PeopleModule,
    PeopleChangesModule,
  ],
  providers: [
    GatewayMonitor,
    BotRestMetrics,
    RegisterOnReady,
    DiscordAdmins,
    secretBoxProvider,
    UnfinishedAnswers,
    CommandRunner,
    GuildMembers,
    ...BOT_COMMANDS,
  ],
})
export class BotModule {}
