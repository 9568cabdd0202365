import { defineQueue } from '../platform/queue/queue-definition';

export interface WebhookRoutePayload {
  eventId: string;
}

/** One job per stored webhook event: match it against the rules and enqueue their actions. */
export const webhookRouteQueue = defineQueue<WebhookRoutePayload>('webhook.route');
