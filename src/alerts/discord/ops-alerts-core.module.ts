import { Global, Module } from '@nestjs/common';
import { DiscordModule } from '../../discord/discord.module';
import { QueueModule } from '../../platform/queue/queue.module';
import { AlertNotifier } from './alert-notifier';
import { AlertOutlet } from './alert-outlet';
import { AlertSends } from './alert-sends';
import { opsAlertWebhookQueue } from './ops-alert-webhook.queue';

/**
 * Every role: deciding and sending ops alerts (AlertNotifier, for other features' conditions too),
 * and the alert rows the bot's buttons act on.
 */
@Global()
@Module({
  imports: [DiscordModule, QueueModule.forFeature([opsAlertWebhookQueue])],
  providers: [AlertSends, AlertOutlet, AlertNotifier],
  exports: [AlertSends, AlertNotifier],
})
export class OpsAlertsCoreModule {}
