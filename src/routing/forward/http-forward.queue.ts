import { defineQueue } from '../../platform/queue/queue-definition';

export interface HttpForwardPayload {
  eventId: string;
  ruleId: string;
  url: string;
}

/** POSTs one stored event to a rule's URL, signed with Standard Webhooks headers. */
export const httpForwardQueue = defineQueue<HttpForwardPayload>('http.forward');
