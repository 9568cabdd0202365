import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { RoutingTap, RoutingTaps } from '../../routing/taps/routing-taps';
import { peopleRefreshQueue } from '../sync/people-sync.queues';
import { contactIds } from './contact-ids';

/** The source `POST /webhooks/espocrm/people-sync` delivers to (the seed's contract: `[{id}, …]`). */
export const PEOPLE_SYNC_SOURCE = 'espocrm-people-sync';

/**
 * Turns contact webhooks into re-reads: EspoCRM's `Contact.create/update/delete` (any espocrm
 * source, typed `espocrm.contact.*`) and deliveries to `espocrm-people-sync`. One re-read job per
 * contact per CRM_REFRESH_DEBOUNCE_SECONDS window: a burst for one contact is one read.
 */
@Injectable()
export class PeopleRefreshTap implements RoutingTap, OnModuleInit {
  readonly name = 'people.refresh';

  constructor(
    private readonly taps: RoutingTaps,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.taps.register(this);
  }

  /** Nothing without an EspoCRM to re-read from: espocrm sources used only for notifications stay as they were. */
  wants({ type, source }: { type: string; source: string }): boolean {
    if (!this.config.crm.espo) return false;
    return /^espocrm\.contact\.(create|update|delete|fieldupdate\.)/.test(type) || source === PEOPLE_SYNC_SOURCE;
  }

  async take(event: RoutableEvent, manager: EntityManager): Promise<string[]> {
    const jobs: string[] = [];
    for (const crmId of contactIds(event.payload)) {
      const sent = await this.jobs.sendOncePerWindow(
        peopleRefreshQueue,
        { crmId },
        { key: crmId, seconds: this.config.crm.sync.refreshDebounceSeconds, transaction: manager.queryRunner },
      );
      if (sent) jobs.push(sent.id);
    }
    return jobs;
  }
}
