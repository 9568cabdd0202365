import { Global, Module } from '@nestjs/common';
import { OperatorAlerts } from './operator-alerts.service';
import { SignatureFailures } from './signature-failures';

/** Every role: raising, resolving and listing operator alerts. */
@Global()
@Module({ providers: [OperatorAlerts, SignatureFailures], exports: [OperatorAlerts, SignatureFailures] })
export class AlertsModule {}
