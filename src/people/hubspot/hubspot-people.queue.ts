import { defineQueue } from '../../platform/queue/queue-definition';

export interface HubspotContactEventJob {
  /** The `<source>.contact.created|updated|deleted` event of a hubspot-contacts source that feeds people. */
  eventId: string;
}

/**
 * One HubSpot contact event applied to the people cache, in one transaction. Cheap: a few queries,
 * no outside call (the event carries the contact as HubSpot listed it).
 */
export const hubspotPeopleQueue = defineQueue<HubspotContactEventJob>('people.hubspot-contact', { cheap: true });
