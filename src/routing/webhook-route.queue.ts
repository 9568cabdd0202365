import { defineQueue } from '../platform/queue/queue-definition';

export interface WebhookRoutePayload {
  eventId: string;
}

/**
 * Routes one stored event outside the batch router: replays, events back from enrichment, and
 * events the router could not route (retried with backoff, then dead, replayable).
 */
export const webhookRouteQueue = defineQueue<WebhookRoutePayload>('webhook.route');
