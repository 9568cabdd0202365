import type { IncomingDelivery } from './webhook-provider';

/** A request header's value (the first one when repeated), by its lower-case name. */
export function header(delivery: IncomingDelivery, name: string): string | undefined {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An HTTP header name (RFC 9110 token characters). */
export const isHeaderName = (value: unknown): value is string =>
  typeof value === 'string' && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/.test(value);
