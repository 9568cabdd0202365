import { Module } from '@nestjs/common';
import { OpsAlertWebhookHandler } from './ops-alert-webhook.handler';

/** Worker role: posts alerts to OPS_ALERT_WEBHOOK_URL. */
@Module({ providers: [OpsAlertWebhookHandler] })
export class OpsAlertsWorkerModule {}
