import { Global, Module } from '@nestjs/common';
import { OperatorAlerts } from './operator-alerts.service';

/** Every role: raising, resolving and listing operator alerts. */
@Global()
@Module({ providers: [OperatorAlerts], exports: [OperatorAlerts] })
export class AlertsModule {}
