import { Controller, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { publicBaseUrl } from '../../auth/public-url';
import { AppConfig } from '../../platform/config/app-config';
import { CrmWebhooksService } from './crm-webhooks.service';

/** `POST /people/crm-webhooks`: registers Switchyard's contact webhooks in EspoCRM (secrets stored on the sources). */
@Controller('people/crm-webhooks')
export class CrmWebhooksController {
  constructor(
    private readonly webhooks: CrmWebhooksService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async register(@Req() req: Request) {
    return { webhooks: await this.webhooks.register(publicBaseUrl(this.config, req)) };
  }
}
