import { defineQueue } from '../../platform/queue/queue-definition';

export interface WebhookEnrichPayload {
  eventId: string;
  /** The routing job that handed over to this one. */
  routeJobId: string;
}

/**
 * Fetches what an event's provider adds before routing, stores it on the event, then enqueues the
 * event's routing again. Retried with the JOB_* backoff while the outside API is down.
 */
export const webhookEnrichQueue = defineQueue<WebhookEnrichPayload>('webhook.enrich');
