import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { mapHubspotContact } from '../mapping/map-hubspot-contact';
import { PeopleStore } from '../store/people-store';
import { runnerSql, type Sql } from '../store/sql';
import { readContactEvent } from './hubspot-contact-event';
import { HubspotContactEventJob, hubspotPeopleQueue } from './hubspot-people.queue';

interface EventRow {
  seq: string;
  source: string;
  provider: string;
  event_type: string;
  body: string;
}

/**
 * Applies one HubSpot contact event to the people cache (crm `hubspot`), in one transaction under a
 * per-contact advisory lock: created and updated upsert the mapped contact (an unchanged hash writes
 * nothing), deleted marks the person `missing_in_crm` (never deleted). Each row keeps the inbox seq of
 * the event that last wrote it, and an event not newer than that is skipped: a redelivered job, a
 * replay of an old event or jobs run out of order never bring an older state back.
 */
@Injectable()
export class HubspotPeopleHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  @JobHandler(hubspotPeopleQueue)
  async apply(job: QueueJob<HubspotContactEventJob>) {
    return this.dataSource.transaction((manager) => this.applyEvent(runnerSql(manager.queryRunner!), job.data.eventId));
  }

  private async applyEvent(sql: Sql, eventId: string) {
    const [row] = await sql<EventRow>(
      'SELECT seq::text AS seq, source, provider, event_type, body FROM webhook_events WHERE id = $1',
      [eventId],
    );
    if (!row) return { eventId, skipped: 'the event is gone (pruned)' };
    const change = readContactEvent(row);
    if (!change) return { eventId, skipped: 'not a HubSpot contact event with a usable contact id' };
    const crmId = change.contactId;
    await sql('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`people:hubspot:${crmId}`]);
    const [stored] = await sql<{ seq: string | null }>(
      `SELECT crm_event_seq::text AS seq FROM people WHERE crm = 'hubspot' AND crm_id = $1`,
      [crmId],
    );
    if (stored?.seq && BigInt(stored.seq) >= BigInt(row.seq)) {
      return { eventId, crmId, skipped: 'this or a newer event of the contact was applied already' };
    }
    const store = new PeopleStore(sql, 'hubspot');
    if (change.action === 'deleted') return { eventId, crmId, missing: await store.markMissing([crmId], row.seq) };
    const person = mapHubspotContact(change.contact, this.config.crm.hubspotProperties);
    return { eventId, crmId, ...(await store.store([person], row.seq)) };
  }
}
