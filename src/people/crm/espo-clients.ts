import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { Metrics } from '../../platform/metrics/metrics';
import { EspoClient } from './espo-client';
import { CrmNotConfiguredError } from '../sync/sync-errors';

/** Makes EspoCRM clients whose requests are counted (`switchyard_crm_requests_total`). */
@Injectable()
export class EspoClients {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  get configured(): boolean {
    return this.config.crm.espo !== undefined;
  }

  /** Throws CrmNotConfiguredError without ESPO_BASE_URL and ESPO_API_KEY. */
  client(): EspoClient {
    const settings = this.config.crm.espo;
    if (!settings) throw new CrmNotConfiguredError();
    return new EspoClient(settings, undefined, (operation, status) =>
      this.metrics.crmRequest('espocrm', operation, status),
    );
  }
}
