import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';

/** api role: the open operator alerts over HTTP. */
@Module({ controllers: [AlertsController] })
export class AlertsHttpModule {}
