import { Controller, Get } from '@nestjs/common';
import { OperatorAlerts } from './operator-alerts.service';

/** The open operator alerts, newest first. */
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: OperatorAlerts) {}

  @Get()
  async open() {
    return { alerts: await this.alerts.open() };
  }
}
