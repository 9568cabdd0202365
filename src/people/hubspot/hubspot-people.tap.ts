import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../platform/queue/job-queue';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { RoutingTap, RoutingTaps } from '../../routing/taps/routing-taps';
import { SyncSourcesService } from '../../sync/sources/sync-sources.service';
import { contactAction, HUBSPOT_SYNC_PROVIDER } from './hubspot-contact-event';
import { hubspotPeopleQueue } from './hubspot-people.queue';

/**
 * Feeds the people cache from HubSpot: every `<source>.contact.created|updated|deleted` event of a
 * hubspot-contacts sync source whose settings say `"feedPeople": true` becomes one
 * `people.hubspot-contact` job, made in the routing transaction (so exactly when the event is routed,
 * and again on a replay). The source's flag is read then, not cached: a source switched on feeds
 * from its next event.
 */
@Injectable()
export class HubspotPeopleTap implements RoutingTap, OnModuleInit {
  readonly name = 'people.hubspot';

  constructor(
    private readonly taps: RoutingTaps,
    private readonly jobs: JobQueue,
    private readonly sources: SyncSourcesService,
  ) {}

  onModuleInit(): void {
    this.taps.register(this);
  }

  /** Sync events are typed `<source>.<resource>.<action>`: only a contact change of its own source can be one. */
  wants({ type, source }: { type: string; source: string }): boolean {
    return contactAction(type, source) !== undefined;
  }

  async take(event: RoutableEvent, manager: EntityManager): Promise<string[]> {
    if (event.provider !== HUBSPOT_SYNC_PROVIDER) return [];
    const source = await this.sources.connectorSettings(event.source, manager);
    if (source?.connector !== 'hubspot-contacts' || source.settings.feedPeople !== true) return [];
    const job = await this.jobs.send(hubspotPeopleQueue, { eventId: event.id }, { transaction: manager.queryRunner });
    return [job.id];
  }
}
