import { Module } from '@nestjs/common';
import { AlertMonitor } from './alert-monitor';

/** api and worker roles: the periodic look for alert conditions. */
@Module({ providers: [AlertMonitor] })
export class OpsAlertsMonitorModule {}
