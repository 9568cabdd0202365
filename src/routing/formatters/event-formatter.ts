import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import type { FormattableEvent, FormatSettings } from './event-message';
import { formatEvent } from './format-event';

/** formatEvent with this deployment's settings (links into Zammad), for routing and rule tests. */
@Injectable()
export class EventFormatter {
  readonly settings: FormatSettings;

  constructor(config: AppConfig) {
    this.settings = { zammadUrl: config.zammad.url };
  }

  format(event: FormattableEvent): string {
    return formatEvent(event, this.settings);
  }
}
